// Package metrics defines the Prometheus metrics that all triad services expose.
package metrics

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the service's collectors, registered on a private registry
// so that tests can create as many as they like.
type Metrics struct {
	registry         *prometheus.Registry
	RequestDuration  *prometheus.HistogramVec
	RequestsInFlight prometheus.Gauge
	WebhooksAccepted prometheus.Counter
	WebhooksDone     prometheus.Counter
	WebhooksRejected *prometheus.CounterVec
	RateLimited      prometheus.Counter
}

// Sources are the values that other packages own and /metrics reads on each scrape.
type Sources struct {
	WebhookQueueDepth func() float64
	DroppedSpans      func() float64
}

// #region metrics

// New creates and registers every metric, including the Go runtime and process collectors.
func New(sources Sources) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		RequestDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "http_server_request_duration_seconds",
			Help:    "Duration of HTTP requests.",
			Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10},
		}, []string{"method", "route", "status_code"}),
		RequestsInFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "http_server_requests_in_flight",
			Help: "HTTP requests being served.",
		}),
		WebhooksAccepted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "webhook_events_accepted_total",
			Help: "Webhook events queued for the worker pool.",
		}),
		WebhooksDone: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "webhook_events_processed_total",
			Help: "Webhook events a worker finished.",
		}),
		WebhooksRejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "webhook_events_rejected_total",
			Help: "Webhook events refused with 503.",
		}, []string{"reason"}),
		RateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "rate_limit_rejected_total",
			Help: "Requests answered 429 by the rate limiter.",
		}),
	}
	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.RequestDuration, m.RequestsInFlight,
		m.WebhooksAccepted, m.WebhooksDone, m.WebhooksRejected, m.RateLimited,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "webhook_queue_depth",
			Help: "Webhook events waiting in the queue.",
		}, sources.WebhookQueueDepth),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "telemetry_spans_dropped_total",
			Help: "Spans the trace exporter pipeline gave up on.",
		}, sources.DroppedSpans),
	)
	// Both reasons appear from the start, so a dashboard sees zeros rather than no series.
	m.WebhooksRejected.WithLabelValues("queue_full")
	m.WebhooksRejected.WithLabelValues("draining")
	return m
}

// #endregion metrics

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}
