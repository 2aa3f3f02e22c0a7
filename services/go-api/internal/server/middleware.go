package server

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/trace"

	"example.com/triad/go-api/internal/problem"
	"example.com/triad/go-api/internal/telemetry"
)

// unmatchedRoute is the route label of requests that match no route.
const unmatchedRoute = "unmatched"

// #region server-span

// traceRequests starts a server span per request, continuing the W3C trace
// context of the request's headers. instrument renames the span once the
// route is known.
func traceRequests(tracers trace.TracerProvider, next http.Handler) http.Handler {
	return otelhttp.NewHandler(next, "http.server",
		otelhttp.WithTracerProvider(tracers),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return spanName(r.Method, r.Pattern) }),
	)
}

// spanName returns `<METHOD> <route>` for a matched mux pattern and the bare
// method otherwise, as the OpenTelemetry HTTP semantic conventions name server spans.
func spanName(method, pattern string) string {
	if pattern == "" {
		return method
	}
	return method + " " + routeOf(pattern)
}

// routeOf returns the path part of a mux pattern such as "GET /api/user".
func routeOf(pattern string) string {
	return pattern[strings.IndexByte(pattern, ' ')+1:]
}

// #endregion server-span

// instrument matches the request's route first, so that every response,
// including a 429 of the rate limiter, is labelled with it. It names the
// server span, records the duration, route and status of every request and
// the in-flight gauge, and at debug level logs `request completed`.
func instrument(d *deps, mux *http.ServeMux, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		d.metrics.RequestsInFlight.Inc()
		defer d.metrics.RequestsInFlight.Dec()

		route := unmatchedRoute
		if _, pattern := mux.Handler(r); pattern != "" {
			route = routeOf(pattern)
			span := trace.SpanFromContext(r.Context())
			span.SetName(spanName(r.Method, pattern))
			span.SetAttributes(semconv.HTTPRoute(route))
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)

		elapsed := time.Since(start)
		d.metrics.RequestDuration.WithLabelValues(r.Method, route, strconv.Itoa(rec.status)).Observe(elapsed.Seconds())
		d.logger.DebugContext(r.Context(), "request completed",
			"method", r.Method, "route", route, "status_code", rec.status,
			"duration_ms", telemetry.Milliseconds(elapsed))
	})
}

// routeOrProblem dispatches to the mux and turns its plain-text 404 and
// 405 responses into problem documents.
func routeOrProblem(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			serveUnmatched(mux, w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

var knownMethods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

func serveUnmatched(mux *http.ServeMux, w http.ResponseWriter, r *http.Request) {
	var allowed []string
	for _, method := range knownMethods {
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, pattern := mux.Handler(probe); pattern != "" {
			allowed = append(allowed, method)
		}
	}
	if len(allowed) == 0 {
		problem.Write(w, r, problem.New(problem.NotFound, fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path)))
		return
	}
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	problem.Write(w, r, problem.New(problem.MethodNotAllowed, fmt.Sprintf("%s is not allowed on %s", r.Method, r.URL.Path)))
}

// limitAPI applies the per-client token bucket to /api/* and sets the
// RateLimit-Policy and RateLimit headers of draft-ietf-httpapi-ratelimit-headers.
func limitAPI(d *deps, next http.Handler) http.Handler {
	limit, window := d.limiter.Policy()
	policy := fmt.Sprintf("%d;w=%d", limit, window)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}

		decision := d.limiter.Allow(clientAddress(r), time.Now())
		w.Header().Set("RateLimit-Policy", policy)
		w.Header().Set("RateLimit", fmt.Sprintf("limit=%d, remaining=%d, reset=%d",
			limit, decision.Remaining, ceilSeconds(decision.Reset)))
		if !decision.Allowed {
			d.metrics.RateLimited.Inc()
			w.Header().Set("Retry-After", strconv.Itoa(max(1, ceilSeconds(decision.RetryAfter))))
			problem.Write(w, r, problem.New(problem.RateLimited, "rate limit exceeded"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

func clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func ceilSeconds(d time.Duration) int {
	return int((d + time.Second - 1) / time.Second)
}

// statusRecorder remembers the status code a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(status int) {
	r.status = status
	r.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// recoverPanics turns a handler panic into a logged error and a 500
// problem whose detail reveals nothing of the cause.
func recoverPanics(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			cause := recover()
			if cause == nil {
				return
			}
			if cause == http.ErrAbortHandler {
				panic(cause)
			}
			logger.ErrorContext(r.Context(), "request failed", "error", fmt.Sprint(cause))
			problem.Write(w, r, problem.New(problem.Internal, "an internal error occurred"))
		}()
		next.ServeHTTP(w, r)
	})
}
