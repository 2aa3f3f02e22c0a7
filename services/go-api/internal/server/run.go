// Package server serves the shared triad API: routes, middleware, and the
// start-up and shutdown sequence.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/trace"

	"example.com/triad/go-api/internal/config"
	"example.com/triad/go-api/internal/metrics"
	"example.com/triad/go-api/internal/ratelimit"
	"example.com/triad/go-api/internal/telemetry"
	"example.com/triad/go-api/internal/webhook"
)

// ErrUsage is returned for command-line arguments: the service takes none
// and reads its settings from environment variables.
var ErrUsage = errors.New("unexpected arguments")

// spanFlushTimeout bounds the final span export, so that a Collector that
// is down delays the exit by at most this long.
const spanFlushTimeout = 3 * time.Second

// deps are the dependencies that the handlers share.
type deps struct {
	cfg         config.Config
	serviceName string
	logger      *slog.Logger
	tracers     trace.TracerProvider
	tracer      trace.Tracer
	metrics     *metrics.Metrics
	pool        *webhook.Pool
	limiter     *ratelimit.Limiter
	client      *http.Client
	state       *lifecycle
}

// Run starts the service and blocks until ctx is cancelled or the process
// receives SIGTERM or SIGINT, then drains: readiness turns false, the
// listener closes after SHUTDOWN_DELAY_MS, in-flight requests and queued
// webhook events finish, and spans are flushed. Logs go to stdout as JSON
// lines. An error that stops the service is also written to stderr as one
// line; ErrUsage and config.ErrInvalid mark the ones the caller caused.
func Run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	err := run(ctx, args, getenv, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", config.ServiceName, err)
	}
	return err
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()

	if len(args) > 1 {
		return fmt.Errorf("%w: %q; set environment variables instead", ErrUsage, args[1:])
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	logger := telemetry.NewLogger(stdout, cfg.LogLevel, config.ServiceName)
	tracing, err := telemetry.SetupTracing(ctx, getenv, config.ServiceName, logger)
	if err != nil {
		return err
	}

	address := net.JoinHostPort(cfg.Host, strconv.Itoa(cfg.Port))
	listener, err := net.Listen("tcp", address)
	if err != nil {
		_ = tracing.Shutdown(context.Background())
		return fmt.Errorf("listen on %s: %w", address, err)
	}
	d := newDeps(cfg, logger, tracing)
	srv := newHTTPServer(newHandler(d))

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(listener) }()
	d.state.set(stateReady)
	logger.Info("server started", "address", listener.Addr().String())
	if d.limiter != nil {
		go evictIdleBuckets(ctx, d.limiter)
	}

	select {
	case err := <-serveErr:
		return fmt.Errorf("serve on %s: %w", listener.Addr(), err)
	case <-ctx.Done():
	}
	return shutdown(d, srv, tracing)
}

func newDeps(cfg config.Config, logger *slog.Logger, tracing *telemetry.Tracing) *deps {
	d := &deps{
		cfg:         cfg,
		serviceName: config.ServiceName,
		logger:      logger,
		tracers:     tracing.Provider,
		tracer:      tracing.Provider.Tracer("example.com/triad/go-api"),
		client: &http.Client{
			Transport: otelhttp.NewTransport(http.DefaultTransport, otelhttp.WithTracerProvider(tracing.Provider)),
			Timeout:   10 * time.Second,
		},
		state: &lifecycle{},
	}
	if cfg.RateLimit != nil {
		d.limiter = ratelimit.New(cfg.RateLimit.RPS, cfg.RateLimit.Burst)
	}
	d.pool = webhook.NewPool(cfg.WebhookWorkers, cfg.WebhookQueue, d.processWebhook)
	d.metrics = metrics.New(metrics.Sources{
		WebhookQueueDepth: func() float64 { return float64(d.pool.Depth()) },
		DroppedSpans:      func() float64 { return float64(tracing.DroppedSpans()) },
	})
	return d
}

// newHTTPServer sets the timeouts and limits that keep slow or oversized
// clients from holding resources.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       120 * time.Second,
		// net/http reads up to 4096 bytes beyond this before it returns 431.
		MaxHeaderBytes: 32 << 10,
	}
}

// #region graceful-shutdown

func shutdown(d *deps, srv *http.Server, tracing *telemetry.Tracing) error {
	d.logger.Info("shutdown started")
	d.state.set(stateDraining)
	d.pool.StopIntake()
	time.Sleep(d.cfg.ShutdownDelay)

	ctx, cancel := context.WithTimeout(context.Background(), d.cfg.ShutdownTimeout)
	defer cancel()
	var errs []error
	if err := srv.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("finish in-flight requests: %w", err))
	}
	if err := d.pool.Drain(ctx); err != nil {
		errs = append(errs, fmt.Errorf("drain webhook queue: %w", err))
	}
	if err := flushSpans(d, tracing); err != nil {
		d.logger.Warn("span flush failed", "error", err.Error())
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	d.logger.Info("shutdown complete")
	return nil
}

// flushSpans exports the spans still queued, for at most spanFlushTimeout
// or SHUTDOWN_TIMEOUT_MS, whichever is shorter. It has a budget of its own
// because the requests and webhook events before it may have used up theirs.
func flushSpans(d *deps, tracing *telemetry.Tracing) error {
	ctx, cancel := context.WithTimeout(context.Background(), min(spanFlushTimeout, d.cfg.ShutdownTimeout))
	defer cancel()
	return tracing.Shutdown(ctx)
}

// #endregion graceful-shutdown

func evictIdleBuckets(ctx context.Context, limiter *ratelimit.Limiter) {
	ticker := time.NewTicker(ratelimit.IdleTimeout / 4)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-ticker.C:
			limiter.EvictIdle(now)
		}
	}
}
