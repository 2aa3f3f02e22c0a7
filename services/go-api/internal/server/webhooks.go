package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"example.com/triad/go-api/internal/problem"
	"example.com/triad/go-api/internal/webhook"
)

// maxBodyBytes is the largest request body accepted (1 MiB).
const maxBodyBytes = 1 << 20

// maxWebhookText is the longest `type` and X-Webhook-Source accepted, in characters.
const maxWebhookText = 128

type webhookAccepted struct {
	Accepted  bool   `json:"accepted"`
	EventType string `json:"event_type"`
}

func handleWebhook(d *deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, perr := readJSONBody(w, r)
		if perr != nil {
			problem.Write(w, r, perr)
			return
		}
		event, perr := parseWebhook(r, body)
		if perr != nil {
			problem.Write(w, r, perr)
			return
		}

		if err := d.pool.Submit(event); err != nil {
			rejectWebhook(d, w, r, err)
			return
		}
		d.metrics.WebhooksAccepted.Inc()
		writeJSON(w, http.StatusAccepted, webhookAccepted{Accepted: true, EventType: event.Type})
	})
}

// readJSONBody checks the content type and size of a JSON request body and
// reads it; bodies over maxBodyBytes are rejected without reading them whole.
func readJSONBody(w http.ResponseWriter, r *http.Request) ([]byte, *problem.Error) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mediaType != "application/json" {
		return nil, problem.New(problem.UnsupportedMediaType, "Content-Type must be application/json")
	}
	tooLarge := problem.New(problem.PayloadTooLarge, "request body exceeds 1048576 bytes")
	if r.ContentLength > maxBodyBytes {
		return nil, tooLarge
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if maxErr := (*http.MaxBytesError)(nil); errors.As(err, &maxErr) {
		return nil, tooLarge
	}
	if err != nil || !json.Valid(body) {
		return nil, problem.New(problem.InvalidJSON, "request body is not valid JSON")
	}
	if tooDeep(body) {
		return nil, problem.New(problem.InvalidJSON, "request body is nested deeper than 64 levels")
	}
	return body, nil
}

func parseWebhook(r *http.Request, body []byte) (webhook.Event, *problem.Error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return webhook.Event{}, problem.New(problem.InvalidWebhook, "webhook event must be a JSON object")
	}
	var eventType string
	if err := json.Unmarshal(fields["type"], &eventType); err != nil ||
		eventType == "" || utf8.RuneCountInString(eventType) > maxWebhookText {
		return webhook.Event{}, problem.New(problem.InvalidWebhook, "type must be a string of 1 to 128 characters")
	}
	source := r.Header.Get("X-Webhook-Source")
	if utf8.RuneCountInString(source) > maxWebhookText {
		return webhook.Event{}, problem.New(problem.InvalidWebhook, "X-Webhook-Source must be at most 128 characters")
	}
	if source == "" {
		source = "unknown"
	}
	return webhook.Event{Type: eventType, Source: source, Trace: trace.SpanContextFromContext(r.Context())}, nil
}

func rejectWebhook(d *deps, w http.ResponseWriter, r *http.Request, err error) {
	w.Header().Set("Retry-After", "1")
	if errors.Is(err, webhook.ErrDraining) {
		d.metrics.WebhooksRejected.WithLabelValues("draining").Inc()
		problem.Write(w, r, problem.New(problem.Draining, "service is shutting down"))
		return
	}
	d.metrics.WebhooksRejected.WithLabelValues("queue_full").Inc()
	problem.Write(w, r, problem.New(problem.QueueFull, "webhook queue is full"))
}

// processWebhook is the work a pool worker does for one event: the
// simulated I/O wait inside a webhook.process span of the request's trace.
func (d *deps) processWebhook(ctx context.Context, event webhook.Event) {
	ctx, span := d.tracer.Start(ctx, "webhook.process", trace.WithSpanKind(trace.SpanKindConsumer),
		trace.WithAttributes(
			attribute.String("webhook.event_type", event.Type),
			attribute.String("webhook.source", event.Source),
		))
	defer span.End()

	// Accepted events are processed even during shutdown, so the wait is
	// not tied to any request's cancellation.
	_ = d.simulateIO(ctx)
	d.metrics.WebhooksDone.Inc()
	d.logger.InfoContext(ctx, "webhook processed", "event_type", event.Type, "webhook_source", event.Source)
}
