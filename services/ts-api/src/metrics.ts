import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

// #region metrics
/**
 * Registry served on /metrics. It is private to the service so that no
 * library can add to the global prom-client registry what /metrics serves.
 */
export const metricsRegistry = new Registry();

// Adds process_resident_memory_bytes, nodejs_eventloop_lag_seconds and the other Node.js metrics.
collectDefaultMetrics({ register: metricsRegistry });

/** Duration of each request, labelled by its route template or `unmatched`. */
export const requestDuration = new Histogram({
  name: 'http_server_request_duration_seconds',
  help: 'Duration of HTTP requests served, in seconds.',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  registers: [metricsRegistry],
});

/** Requests whose response has not finished yet. */
export const requestsInFlight = new Gauge({
  name: 'http_server_requests_in_flight',
  help: 'HTTP requests being served.',
  registers: [metricsRegistry],
});

/** Webhook events put in the queue. */
export const webhookEventsAccepted = new Counter({
  name: 'webhook_events_accepted_total',
  help: 'Webhook events queued.',
  registers: [metricsRegistry],
});

/** Webhook events a worker finished, with or without error. */
export const webhookEventsProcessed = new Counter({
  name: 'webhook_events_processed_total',
  help: 'Webhook events a worker finished.',
  registers: [metricsRegistry],
});

/** Webhook events rejected with 503, by reason `queue_full` or `draining`. */
export const webhookEventsRejected = new Counter({
  name: 'webhook_events_rejected_total',
  help: 'Webhook events rejected with 503.',
  labelNames: ['reason'] as const,
  registers: [metricsRegistry],
});
// Both series start at 0, so that rate() over them works before the first rejection.
webhookEventsRejected.inc({ reason: 'queue_full' }, 0);
webhookEventsRejected.inc({ reason: 'draining' }, 0);
// #endregion metrics

/** Webhook events waiting for a worker. */
export const webhookQueueDepth = new Gauge({
  name: 'webhook_queue_depth',
  help: 'Webhook events waiting in the queue.',
  registers: [metricsRegistry],
});

/** Requests rejected with 429 by the rate limiter. */
export const rateLimitRejected = new Counter({
  name: 'rate_limit_rejected_total',
  help: 'Requests rejected with 429 by the rate limiter.',
  registers: [metricsRegistry],
});

/** Spans that the batch processor dropped from a full queue or that failed to export. */
export const spansDropped = new Counter({
  name: 'telemetry_spans_dropped_total',
  help: "Spans this service's exporter pipeline gave up on.",
  registers: [metricsRegistry],
});
