// Package ratelimit keeps a token bucket per client address.
package ratelimit

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// IdleTimeout is how long a bucket may go unused before it is evicted.
const IdleTimeout = 60 * time.Second

// Decision is the outcome of one request against its client's bucket.
type Decision struct {
	Allowed bool
	// Remaining is the whole tokens left after this request.
	Remaining int
	// Reset is the time until the bucket is full again.
	Reset time.Duration
	// RetryAfter is the time until one token is available; zero when Allowed.
	RetryAfter time.Duration
}

// #region token-bucket

// Limiter is a set of token buckets keyed by client address.
type Limiter struct {
	rps   float64
	burst int

	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	limiter  *rate.Limiter
	lastSeen time.Time
}

// New returns a limiter whose buckets hold burst tokens and refill at rps per second.
func New(rps float64, burst int) *Limiter {
	return &Limiter{rps: rps, burst: burst, buckets: make(map[string]*bucket)}
}

// Allow takes one token from the bucket of key, creating the bucket when
// the client is new.
func (l *Limiter) Allow(key string, now time.Time) Decision {
	l.mu.Lock()
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{limiter: rate.NewLimiter(rate.Limit(l.rps), l.burst)}
		l.buckets[key] = b
	}
	b.lastSeen = now
	l.mu.Unlock()

	allowed := b.limiter.AllowN(now, 1)
	tokens := b.limiter.TokensAt(now)
	d := Decision{
		Allowed:   allowed,
		Remaining: max(0, int(math.Floor(tokens))),
		Reset:     l.timeFor(float64(l.burst) - tokens),
	}
	if !allowed {
		d.RetryAfter = l.timeFor(1 - tokens)
	}
	return d
}

// EvictIdle removes the buckets unused since IdleTimeout before now, so that
// a stream of new addresses cannot grow memory without bound.
func (l *Limiter) EvictIdle(now time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	evicted := 0
	for key, b := range l.buckets {
		if now.Sub(b.lastSeen) >= IdleTimeout {
			delete(l.buckets, key)
			evicted++
		}
	}
	return evicted
}

// #endregion token-bucket

// Len returns the number of buckets.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// Policy returns the RateLimit-Policy header value: the burst and the
// window, in whole seconds, in which an empty bucket fills again.
func (l *Limiter) Policy() (limit int, window int) {
	return l.burst, int(math.Ceil(float64(l.burst) / l.rps))
}

func (l *Limiter) timeFor(tokens float64) time.Duration {
	if tokens <= 0 {
		return 0
	}
	return time.Duration(tokens / l.rps * float64(time.Second))
}
