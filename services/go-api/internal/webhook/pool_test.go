package webhook

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestDrainProcessesEveryQueuedEvent(t *testing.T) {
	var processed atomic.Int32
	pool := NewPool(2, 10, func(context.Context, Event) {
		time.Sleep(10 * time.Millisecond)
		processed.Add(1)
	})
	for range 10 {
		require.NoError(t, pool.Submit(Event{Type: "t"}))
	}

	require.NoError(t, pool.Drain(t.Context()))

	assert.Equal(t, int32(10), processed.Load())
}

func TestSubmitRejectsWhenTheQueueIsFull(t *testing.T) {
	release := make(chan struct{})
	pool := NewPool(1, 1, func(context.Context, Event) { <-release })
	require.NoError(t, pool.Submit(Event{}))

	var err error
	for range 3 {
		if err = pool.Submit(Event{}); err != nil {
			break
		}
	}

	assert.ErrorIs(t, err, ErrQueueFull)
	close(release)
	require.NoError(t, pool.Drain(t.Context()))
}

func TestSubmitRejectsAfterStopIntake(t *testing.T) {
	pool := NewPool(1, 1, func(context.Context, Event) {})
	pool.StopIntake()
	pool.StopIntake()

	assert.ErrorIs(t, pool.Submit(Event{}), ErrDraining)
	require.NoError(t, pool.Drain(t.Context()))
}
