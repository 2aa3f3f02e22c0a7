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
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/trace"

	"example.com/triad/go-api/internal/config"
	"example.com/triad/go-api/internal/metrics"
	"example.com/triad/go-api/internal/ratelimit"
	"example.com/triad/go-api/internal/telemetry"
	"example.com/triad/go-api/internal/webhook"
)

// deps is what the handlers share.
type deps struct {
	cfg         config.Config
	serviceName string
	logger      *slog.Logger
	tracer      trace.Tracer
	metrics     *metrics.Metrics
	pool        *webhook.Pool
	limiter     *ratelimit.Limiter
	client      *http.Client
	state       *lifecycle
}

// Run starts the service and blocks until ctx is cancelled (SIGTERM or
// SIGINT in main), then drains: readiness turns false, the listener closes
// after SHUTDOWN_DELAY_MS, in-flight requests and queued webhook events
// finish, and spans are flushed.
func Run(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	logger := telemetry.NewLogger(stdout, cfg.LogLevel, config.ServiceName)
	tracing, err := telemetry.SetupTracing(ctx, getenv, config.ServiceName)
	if err != nil {
		return err
	}

	d := newDeps(cfg, logger, tracing)
	listener, err := net.Listen("tcp", net.JoinHostPort(cfg.Host, fmt.Sprint(cfg.Port)))
	if err != nil {
		return fmt.Errorf("listen on %s:%d: %w", cfg.Host, cfg.Port, err)
	}
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
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	return shutdown(d, srv, tracing)
}

func newDeps(cfg config.Config, logger *slog.Logger, tracing *telemetry.Tracing) *deps {
	d := &deps{
		cfg:         cfg,
		serviceName: config.ServiceName,
		logger:      logger,
		tracer:      tracing.Provider.Tracer("example.com/triad/go-api"),
		client:      &http.Client{Transport: otelhttp.NewTransport(http.DefaultTransport), Timeout: 10 * time.Second},
		state:       &lifecycle{},
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
		// net/http allows 4096 bytes on top of this before it answers 431.
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
	if err := tracing.Shutdown(ctx); err != nil {
		d.logger.Warn("span flush failed", "error", err.Error())
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	d.logger.Info("shutdown complete")
	return nil
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
