// Package webhook queues accepted webhook events for a fixed pool of workers.
package webhook

import (
	"context"
	"errors"
	"sync"

	"go.opentelemetry.io/otel/trace"
)

// Errors returned by Submit.
var (
	ErrQueueFull = errors.New("webhook: queue full")
	ErrDraining  = errors.New("webhook: draining")
)

// Event is one accepted webhook.
type Event struct {
	Type   string
	Source string
	// Trace is the span context of the request that delivered the event,
	// so that processing joins the same trace.
	Trace trace.SpanContext
}

// Pool is a bounded queue and the goroutines that work it off.
type Pool struct {
	events  chan Event
	process func(context.Context, Event)
	workers sync.WaitGroup

	mu       sync.RWMutex
	draining bool
}

// #region worker-pool

// NewPool starts workers goroutines that range over a queue of capacity
// queueSize and call process for each event.
func NewPool(workers, queueSize int, process func(context.Context, Event)) *Pool {
	p := &Pool{events: make(chan Event, queueSize), process: process}
	p.workers.Add(workers)
	for range workers {
		go func() {
			defer p.workers.Done()
			for event := range p.events {
				ctx := trace.ContextWithRemoteSpanContext(context.Background(), event.Trace)
				p.process(ctx, event)
			}
		}()
	}
	return p
}

// Submit queues event without blocking: a full queue is an error the
// caller turns into 503, never a wait.
func (p *Pool) Submit(event Event) error {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.draining {
		return ErrDraining
	}
	select {
	case p.events <- event:
		return nil
	default:
		return ErrQueueFull
	}
}

// Drain stops intake and waits until the workers have processed every
// queued event, or ctx ends.
func (p *Pool) Drain(ctx context.Context) error {
	p.StopIntake()
	done := make(chan struct{})
	go func() {
		p.workers.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// #endregion worker-pool

// StopIntake makes every later Submit fail with ErrDraining. It is safe to call more than once.
func (p *Pool) StopIntake() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.draining {
		p.draining = true
		close(p.events)
	}
}

// Depth returns the number of events waiting in the queue.
func (p *Pool) Depth() int { return len(p.events) }
