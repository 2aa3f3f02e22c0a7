// Package config reads the service's settings from environment variables.
package config

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// ServiceName is the name the service reports in responses, logs and traces.
const ServiceName = "go-api"

// ErrInvalid is wrapped by every error about a setting's value.
var ErrInvalid = errors.New("invalid configuration")

// Config holds every setting of the service.
type Config struct {
	Host                     string
	Port                     int
	SimulatedIO              time.Duration
	FanoutLimit              int
	WebhookWorkers           int
	WebhookQueue             int
	RateLimit                *RateLimit
	TraceContextTestEndpoint bool
	ShutdownDelay            time.Duration
	ShutdownTimeout          time.Duration
	LogLevel                 string
}

// RateLimit configures the per-client token bucket; nil in Config means off.
type RateLimit struct {
	RPS   float64
	Burst int
}

// #region load

// Load reads the settings through getenv, applying the documented defaults.
func Load(getenv func(string) string) (Config, error) {
	r := reader{getenv: getenv}
	cfg := Config{
		Host:                     r.str("HOST", "127.0.0.1"),
		Port:                     r.integer("PORT", 8081, 0, 65535),
		SimulatedIO:              r.millis("SIMULATED_IO_MS", 50, 0, 60_000),
		FanoutLimit:              r.integer("FANOUT_LIMIT", 100, 1, 10_000),
		WebhookWorkers:           r.integer("WEBHOOK_WORKERS", 4, 1, 1024),
		WebhookQueue:             r.integer("WEBHOOK_QUEUE", 1000, 1, 1_000_000),
		TraceContextTestEndpoint: r.flag("TRACE_CONTEXT_TEST_ENDPOINT"),
		ShutdownDelay:            r.millis("SHUTDOWN_DELAY_MS", 0, 0, 600_000),
		ShutdownTimeout:          r.millis("SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
		LogLevel:                 r.oneOf("LOG_LEVEL", "info", "debug", "info", "warn", "error"),
	}
	if getenv("RATE_LIMIT_RPS") != "" {
		rps := r.float("RATE_LIMIT_RPS", 0.001, 1_000_000)
		burst := r.integer("RATE_LIMIT_BURST", int(math.Ceil(rps)), 1, 1_000_000)
		cfg.RateLimit = &RateLimit{RPS: rps, Burst: burst}
	}
	return cfg, r.err
}

// #endregion load

// reader parses variables and keeps the first error, so Load reads like a table.
type reader struct {
	getenv func(string) string
	err    error
}

func (r *reader) fail(name, value, rule string) {
	if r.err == nil {
		r.err = fmt.Errorf("%w: %s=%q: %s", ErrInvalid, name, value, rule)
	}
}

func (r *reader) str(name, fallback string) string {
	if value := r.getenv(name); value != "" {
		return value
	}
	return fallback
}

func (r *reader) integer(name string, fallback, min, max int) int {
	value := r.getenv(name)
	if value == "" {
		return fallback
	}
	n, err := strconv.Atoi(value)
	if err != nil || n < min || n > max {
		r.fail(name, value, fmt.Sprintf("must be an integer from %d to %d", min, max))
		return fallback
	}
	return n
}

func (r *reader) float(name string, min, max float64) float64 {
	value := r.getenv(name)
	f, err := strconv.ParseFloat(value, 64)
	if err != nil || math.IsNaN(f) || f < min || f > max {
		r.fail(name, value, fmt.Sprintf("must be a number from %g to %g", min, max))
		return min
	}
	return f
}

func (r *reader) millis(name string, fallback, min, max int) time.Duration {
	return time.Duration(r.integer(name, fallback, min, max)) * time.Millisecond
}

func (r *reader) flag(name string) bool {
	switch value := r.getenv(name); value {
	case "", "0", "false":
		return false
	case "1", "true":
		return true
	default:
		r.fail(name, value, "must be 0 or 1")
		return false
	}
}

func (r *reader) oneOf(name, fallback string, allowed ...string) string {
	value := r.getenv(name)
	if value == "" {
		return fallback
	}
	for _, a := range allowed {
		if value == a {
			return value
		}
	}
	r.fail(name, value, fmt.Sprintf("must be one of %v", allowed))
	return fallback
}
