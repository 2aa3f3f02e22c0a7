package ratelimit

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestAllowSpendsTheBurstThenRejects(t *testing.T) {
	limiter := New(1, 2)
	now := time.Now()

	first := limiter.Allow("10.0.0.1", now)
	second := limiter.Allow("10.0.0.1", now)
	third := limiter.Allow("10.0.0.1", now)

	assert.True(t, first.Allowed)
	assert.Equal(t, 1, first.Remaining)
	assert.True(t, second.Allowed)
	assert.False(t, third.Allowed)
	assert.Equal(t, time.Second, third.RetryAfter)
	assert.Equal(t, 2*time.Second, third.Reset)
}

func TestAllowRefillsOverTime(t *testing.T) {
	limiter := New(10, 1)
	now := time.Now()
	limiter.Allow("a", now)

	assert.False(t, limiter.Allow("a", now).Allowed)
	assert.True(t, limiter.Allow("a", now.Add(100*time.Millisecond)).Allowed)
}

func TestBucketsAreKeptPerClient(t *testing.T) {
	limiter := New(1, 1)
	now := time.Now()

	assert.True(t, limiter.Allow("a", now).Allowed)
	assert.True(t, limiter.Allow("b", now).Allowed)
	assert.False(t, limiter.Allow("a", now).Allowed)
}

func TestEvictIdleRemovesOnlyIdleBuckets(t *testing.T) {
	limiter := New(1, 1)
	now := time.Now()
	for i := range 10_000 {
		limiter.Allow(fmt.Sprintf("10.0.%d.%d", i/256, i%256), now)
	}
	limiter.Allow("recent", now.Add(IdleTimeout))

	evicted := limiter.EvictIdle(now.Add(IdleTimeout))

	assert.Equal(t, 10_000, evicted)
	assert.Equal(t, 1, limiter.Len())
}
