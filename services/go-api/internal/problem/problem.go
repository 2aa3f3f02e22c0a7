// Package problem writes RFC 9457 problem details with the type URIs,
// titles and details that all three triad services share.
package problem

import (
	"encoding/json"
	"net/http"

	"go.opentelemetry.io/otel/trace"
)

// Type is one kind of problem; its URI is urn:triad:problem:<code>.
type Type struct {
	Code   string
	Title  string
	Status int
}

// The problem types of the shared API.
var (
	InvalidParameter     = Type{"invalid-parameter", "Invalid parameter", http.StatusBadRequest}
	InvalidJSON          = Type{"invalid-json", "Invalid JSON", http.StatusBadRequest}
	NotFound             = Type{"not-found", "Not found", http.StatusNotFound}
	MethodNotAllowed     = Type{"method-not-allowed", "Method not allowed", http.StatusMethodNotAllowed}
	PayloadTooLarge      = Type{"payload-too-large", "Payload too large", http.StatusRequestEntityTooLarge}
	UnsupportedMediaType = Type{"unsupported-media-type", "Unsupported media type", http.StatusUnsupportedMediaType}
	InvalidWebhook       = Type{"invalid-webhook", "Invalid webhook event", http.StatusUnprocessableEntity}
	RateLimited          = Type{"rate-limited", "Too many requests", http.StatusTooManyRequests}
	Internal             = Type{"internal", "Internal server error", http.StatusInternalServerError}
	QueueFull            = Type{"queue-full", "Queue full", http.StatusServiceUnavailable}
	Draining             = Type{"draining", "Shutting down", http.StatusServiceUnavailable}
)

// Error is a problem raised by a handler: the type and the detail the client sees.
type Error struct {
	Type   Type
	Detail string
}

func (e *Error) Error() string { return e.Type.Code + ": " + e.Detail }

// New returns a problem of type t with the given detail.
func New(t Type, detail string) *Error { return &Error{Type: t, Detail: detail} }

// #region problem-writer

// document is the body; the field order is the member order of the contract.
type document struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail"`
	Instance string `json:"instance"`
	TraceID  string `json:"trace_id"`
}

// Write sends p as an application/problem+json response for r.
func Write(w http.ResponseWriter, r *http.Request, p *Error) {
	body, _ := json.Marshal(document{
		Type:     "urn:triad:problem:" + p.Type.Code,
		Title:    p.Type.Title,
		Status:   p.Type.Status,
		Detail:   p.Detail,
		Instance: r.URL.Path,
		// An invalid span context yields 32 zeros, the contract's value when tracing is off.
		TraceID: trace.SpanContextFromContext(r.Context()).TraceID().String(),
	})
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Type.Status)
	_, _ = w.Write(body)
}

// #endregion problem-writer
