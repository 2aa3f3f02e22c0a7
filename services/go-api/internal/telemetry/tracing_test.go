package telemetry

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

type failingExporter struct{ sdktrace.SpanExporter }

func (failingExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error {
	return errors.New("collector unavailable")
}

func TestCountingExporterCountsFailedBatches(t *testing.T) {
	var dropped atomic.Uint64
	exporter := &countingExporter{SpanExporter: failingExporter{tracetest.NewInMemoryExporter()}, dropped: &dropped}
	spans := tracetest.SpanStubs{{Name: "a"}, {Name: "b"}}.Snapshots()

	err := exporter.ExportSpans(t.Context(), spans)

	assert.Error(t, err)
	assert.Equal(t, uint64(2), dropped.Load())
}

func TestCountingExporterIgnoresDeliveredBatches(t *testing.T) {
	var dropped atomic.Uint64
	exporter := &countingExporter{SpanExporter: tracetest.NewInMemoryExporter(), dropped: &dropped}

	err := exporter.ExportSpans(t.Context(), tracetest.SpanStubs{{Name: "a"}}.Snapshots())

	assert.NoError(t, err)
	assert.Zero(t, dropped.Load())
}
