package server

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"example.com/triad/go-api/internal/config"
	"example.com/triad/go-api/internal/telemetry"
)

// newTracedDeps returns deps whose spans end up in the returned recorder.
func newTracedDeps(t *testing.T, change func(*config.Config)) (*deps, *tracetest.SpanRecorder) {
	t.Helper()
	recorder := tracetest.NewSpanRecorder()
	provider := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	tracing := &telemetry.Tracing{Provider: provider, Shutdown: provider.Shutdown}
	d := newDeps(testConfig(t, change), telemetry.NewLogger(io.Discard, "info", config.ServiceName), tracing)
	t.Cleanup(func() {
		_ = d.pool.Drain(context.Background())
		_ = provider.Shutdown(context.Background())
	})
	return d, recorder
}

func spanNamed(t *testing.T, recorder *tracetest.SpanRecorder, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	for _, span := range recorder.Ended() {
		if span.Name() == name {
			return span
		}
	}
	t.Fatalf("no span named %q", name)
	return nil
}

func attributeOf(span sdktrace.ReadOnlySpan, key attribute.Key) attribute.Value {
	for _, kv := range span.Attributes() {
		if kv.Key == key {
			return kv.Value
		}
	}
	return attribute.Value{}
}

func TestServerSpanIsNamedAfterTheRoute(t *testing.T) {
	d, recorder := newTracedDeps(t, nil)

	serve(t, newHandler(d), http.MethodGet, "/api/user?user_id=u1", "", nil)

	server := spanNamed(t, recorder, "GET /api/user")
	assert.Equal(t, "/api/user", attributeOf(server, "http.route").AsString())
	assert.Equal(t, int64(200), attributeOf(server, "http.response.status_code").AsInt64())
	assert.Equal(t, "/api/user", attributeOf(server, "url.path").AsString())
	lookup := spanNamed(t, recorder, "simulated-io")
	assert.Equal(t, server.SpanContext().SpanID(), lookup.Parent().SpanID())
	assert.Equal(t, int64(5), attributeOf(lookup, "simulated_io.duration_ms").AsInt64())
}

func TestProblemCarriesTheTraceID(t *testing.T) {
	d, recorder := newTracedDeps(t, nil)

	rec := serve(t, newHandler(d), http.MethodGet, "/api/user", "", nil)

	server := spanNamed(t, recorder, "GET /api/user")
	assert.Equal(t, server.SpanContext().TraceID().String(), decodeProblem(t, rec)["trace_id"])
}

func TestWebhookIsProcessedInTheRequestTrace(t *testing.T) {
	d, recorder := newTracedDeps(t, nil)

	rec := serve(t, newHandler(d), http.MethodPost, "/webhooks", `{"type":"user.created"}`,
		http.Header{"Content-Type": {"application/json"}, "X-Webhook-Source": {"billing"}})
	require.NoError(t, d.pool.Drain(t.Context()))

	require.Equal(t, http.StatusAccepted, rec.Code)
	server := spanNamed(t, recorder, "POST /webhooks")
	process := spanNamed(t, recorder, "webhook.process")
	assert.Equal(t, server.SpanContext().TraceID(), process.SpanContext().TraceID())
	assert.Equal(t, "user.created", attributeOf(process, "webhook.event_type").AsString())
	assert.Equal(t, "billing", attributeOf(process, "webhook.source").AsString())
}

// callbackRecorder is a server that stores the headers and bodies it receives.
type callbackRecorder struct {
	mu      sync.Mutex
	headers []http.Header
	bodies  []string
}

func (c *callbackRecorder) ServeHTTP(_ http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.headers = append(c.headers, r.Header.Clone())
	c.bodies = append(c.bodies, string(body))
}

func TestTraceContextTestPropagatesTheTrace(t *testing.T) {
	d, _ := newTracedDeps(t, nil)
	callbacks := &callbackRecorder{}
	target := httptest.NewServer(callbacks)
	defer target.Close()
	const traceID, parentID = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
	header := http.Header{
		"Content-Type": {"application/json"},
		"Traceparent":  {"00-" + traceID + "-" + parentID + "-01"},
		"Tracestate":   {"rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"},
	}
	body := `[{"url":"http://127.0.0.1:1/refused","arguments":[]},{"url":"` + target.URL + `","arguments":[{"n":1}]}]`

	rec := serve(t, newHandler(d), http.MethodPost, "/test", body, header)

	require.Equal(t, http.StatusOK, rec.Code)
	assert.Empty(t, rec.Body.String())
	require.Len(t, callbacks.headers, 1)
	traceparent := strings.Split(callbacks.headers[0].Get("Traceparent"), "-")
	require.Len(t, traceparent, 4)
	assert.Equal(t, traceID, traceparent[1])
	assert.NotEqual(t, parentID, traceparent[2])
	assert.Equal(t, "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", callbacks.headers[0].Get("Tracestate"))
	assert.Equal(t, `[{"n":1}]`, callbacks.bodies[0])
}

func TestTraceContextTestRejectsBadBodies(t *testing.T) {
	cases := []struct{ name, body, problemType, detail string }{
		{"invalid JSON", `[{`, "urn:triad:problem:invalid-json", "request body is not valid JSON"},
		{"object", `{"url":"http://127.0.0.1/"}`, "urn:triad:problem:invalid-parameter", "request body must be a JSON array of {url, arguments}"},
		{"missing arguments", `[{"url":"http://127.0.0.1/"}]`, "urn:triad:problem:invalid-parameter", "request body must be a JSON array of {url, arguments}"},
		{"file URL", `[{"url":"file:///etc/passwd","arguments":[]}]`, "urn:triad:problem:invalid-parameter", "url must be an absolute http or https URL"},
		{"relative URL", `[{"url":"/callback","arguments":[]}]`, "urn:triad:problem:invalid-parameter", "url must be an absolute http or https URL"},
	}
	h := newHandler(newTestDeps(t, nil))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, h, http.MethodPost, "/test", tc.body, jsonHeader)

			assert.Equal(t, http.StatusBadRequest, rec.Code)
			problem := decodeProblem(t, rec)
			assert.Equal(t, tc.problemType, problem["type"])
			assert.Equal(t, tc.detail, problem["detail"])
		})
	}
}

func TestSDKDisabledStillPropagatesTheTraceID(t *testing.T) {
	logger := telemetry.NewLogger(io.Discard, "info", config.ServiceName)
	tracing, err := telemetry.SetupTracing(t.Context(), env(map[string]string{"OTEL_SDK_DISABLED": "true"}), config.ServiceName, logger)
	require.NoError(t, err)
	d := newDeps(testConfig(t, nil), logger, tracing)
	t.Cleanup(func() { _ = d.pool.Drain(context.Background()) })
	header := http.Header{"Traceparent": {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}

	rec := serve(t, newHandler(d), http.MethodGet, "/api/user", "", header)

	assert.Equal(t, "4bf92f3577b34da6a3ce929d0e0e4736", decodeProblem(t, rec)["trace_id"])
}
