// Package telemetry sets up tracing and logging from the standard
// OpenTelemetry environment variables.
package telemetry

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// Tracing is the configured tracer provider and what the service reports about it.
type Tracing struct {
	Provider trace.TracerProvider
	// Shutdown flushes queued spans and stops the exporter.
	Shutdown func(context.Context) error
	dropped  atomic.Uint64
}

// DroppedSpans returns the number of spans whose export failed.
func (t *Tracing) DroppedSpans() uint64 { return t.dropped.Load() }

// #region tracer-setup

// SetupTracing installs the W3C TraceContext and Baggage propagators and a
// tracer provider that batches spans to the OTLP gRPC endpoint named by
// OTEL_EXPORTER_OTLP_ENDPOINT. OTEL_SDK_DISABLED=true installs a no-op
// provider; propagation still works, so trace context passes through.
// Errors of the SDK, such as failed exports, are logged to logger at warn level.
//
// getenv is consulted for OTEL_SDK_DISABLED only: the SDK reads the other
// OTEL_* variables from the process environment itself.
func SetupTracing(ctx context.Context, getenv func(string) string, serviceName string, logger *slog.Logger) (*Tracing, error) {
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(
		propagation.TraceContext{}, propagation.Baggage{},
	))
	// The SDK's default handler prints plain text to stderr; the JSON log
	// keeps every line of the service parseable.
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		logger.Warn("opentelemetry error", "error", err.Error())
	}))
	t := &Tracing{Shutdown: func(context.Context) error { return nil }}
	if strings.EqualFold(getenv("OTEL_SDK_DISABLED"), "true") {
		t.Provider = noop.NewTracerProvider()
		otel.SetTracerProvider(t.Provider)
		return t, nil
	}

	exporter, err := otlptracegrpc.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("create OTLP trace exporter: %w", err)
	}
	res, err := resource.Merge(
		resource.NewSchemaless(semconv.ServiceName(serviceName)),
		resource.Environment(), // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win.
	)
	if err != nil {
		return nil, fmt.Errorf("build resource: %w", err)
	}
	// With BlockOnQueueFull left off (the SDK default), the batch processor
	// drops spans when its queue (OTEL_BSP_MAX_QUEUE_SIZE) is full instead of
	// blocking the request.
	provider := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(&countingExporter{SpanExporter: exporter, dropped: &t.dropped}),
		sdktrace.WithResource(res),
	)
	otel.SetTracerProvider(provider)
	t.Provider = provider
	t.Shutdown = provider.Shutdown
	return t, nil
}

// #endregion tracer-setup

// countingExporter counts the spans of every batch its exporter fails to
// send, after the exporter's own retries (bounded by OTEL_EXPORTER_OTLP_TIMEOUT).
//
// TODO: spans the batch processor drops because its queue is full are not
// counted, because SDK v1.47 reports them only through its experimental
// metrics (OTEL_GO_X_OBSERVABILITY=true and a global MeterProvider). Reading
// those metrics, or a processor with a queue of its own, would count them.
type countingExporter struct {
	sdktrace.SpanExporter
	dropped *atomic.Uint64
}

func (e *countingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	err := e.SpanExporter.ExportSpans(ctx, spans)
	if err != nil {
		e.dropped.Add(uint64(len(spans)))
	}
	return err
}
