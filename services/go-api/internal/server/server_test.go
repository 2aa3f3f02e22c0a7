package server

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"example.com/triad/go-api/internal/config"
	"example.com/triad/go-api/internal/telemetry"
)

// testConfig returns the default configuration with a short simulated wait
// and the trace context endpoint on, changed by change when it is not nil.
func testConfig(t *testing.T, change func(*config.Config)) config.Config {
	t.Helper()
	cfg, err := config.Load(func(string) string { return "" })
	require.NoError(t, err)
	cfg.SimulatedIO = 5 * time.Millisecond
	cfg.TraceContextTestEndpoint = true
	if change != nil {
		change(&cfg)
	}
	return cfg
}

func newTestDeps(t *testing.T, change func(*config.Config)) *deps {
	t.Helper()
	logger := telemetry.NewLogger(io.Discard, "info", config.ServiceName)
	tracing, err := telemetry.SetupTracing(t.Context(), env(map[string]string{"OTEL_SDK_DISABLED": "true"}), config.ServiceName, logger)
	require.NoError(t, err)
	d := newDeps(testConfig(t, change), logger, tracing)
	t.Cleanup(func() { _ = d.pool.Drain(t.Context()) })
	return d
}

func serve(t *testing.T, h http.Handler, method, target, body string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	for name, values := range header {
		req.Header[name] = values
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func decodeProblem(t *testing.T, rec *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
	var body map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	return body
}

// #region user-test

func TestUserReturnsTheUser(t *testing.T) {
	h := newHandler(newTestDeps(t, nil))

	rec := serve(t, h, http.MethodGet, "/api/user?user_id=u1", "", nil)

	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
	var user User
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &user))
	assert.Equal(t, "u1", user.UserID)
	assert.Equal(t, "active", user.Status)
	assert.Equal(t, "go-api", user.Service)
	assert.InDelta(t, time.Now().UnixMilli(), user.Timestamp, 5000)
	assert.True(t, strings.HasPrefix(rec.Body.String(), `{"user_id":"u1","status":"active","timestamp":`))
}

// #endregion user-test

func TestUserRejectsInvalidIDs(t *testing.T) {
	const rule = "user_id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'"
	cases := []struct {
		name, query, detail string
	}{
		{"missing", "", "user_id is required"},
		{"empty", "?user_id=", rule},
		{"65 characters", "?user_id=" + strings.Repeat("x", 65), rule},
		{"unicode", "?user_id=%C3%BC", rule},
		{"NUL", "?user_id=%00", rule},
		{"repeated", "?user_id=a&user_id=b", "user_id must be given once"},
	}
	h := newHandler(newTestDeps(t, nil))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, h, http.MethodGet, "/api/user"+tc.query, "", nil)

			assert.Equal(t, http.StatusBadRequest, rec.Code)
			body := decodeProblem(t, rec)
			assert.Equal(t, "urn:triad:problem:invalid-parameter", body["type"])
			assert.Equal(t, "Invalid parameter", body["title"])
			assert.Equal(t, tc.detail, body["detail"])
			assert.Equal(t, "/api/user", body["instance"])
			assert.Equal(t, strings.Repeat("0", 32), body["trace_id"])
		})
	}
}

func TestUserAcceptsA64CharacterID(t *testing.T) {
	h := newHandler(newTestDeps(t, nil))

	rec := serve(t, h, http.MethodGet, "/api/user?user_id="+strings.Repeat("x", 64), "", nil)

	assert.Equal(t, http.StatusOK, rec.Code)
}

func TestUsersKeepsRequestOrder(t *testing.T) {
	h := newHandler(newTestDeps(t, nil))

	rec := serve(t, h, http.MethodGet, "/api/users?ids=c,a,b,a", "", nil)

	require.Equal(t, http.StatusOK, rec.Code)
	var body usersResponse
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	ids := make([]string, 0, len(body.Users))
	for _, u := range body.Users {
		ids = append(ids, u.UserID)
	}
	assert.Equal(t, []string{"c", "a", "b", "a"}, ids)
}

func TestUsersRunsLookupsConcurrently(t *testing.T) {
	d := newTestDeps(t, func(c *config.Config) { c.SimulatedIO = 100 * time.Millisecond })
	h := newHandler(d)
	ids := strings.TrimSuffix(strings.Repeat("x,", 50), ",")

	start := time.Now()
	rec := serve(t, h, http.MethodGet, "/api/users?ids="+ids, "", nil)
	elapsed := time.Since(start)

	assert.Equal(t, http.StatusOK, rec.Code)
	assert.Less(t, elapsed, 2*time.Second, "50 sequential lookups would take 5 s")
}

func TestUsersRejectsMoreThan100IDs(t *testing.T) {
	h := newHandler(newTestDeps(t, nil))
	ids := strings.TrimSuffix(strings.Repeat("x,", 101), ",")

	rec := serve(t, h, http.MethodGet, "/api/users?ids="+ids, "", nil)

	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, "ids must list at most 100 ids", decodeProblem(t, rec)["detail"])
}

func TestUnknownRouteIsANotFoundProblem(t *testing.T) {
	h := newHandler(newTestDeps(t, nil))

	rec := serve(t, h, http.MethodGet, "/nope", "", nil)

	assert.Equal(t, http.StatusNotFound, rec.Code)
	assert.Equal(t, "no route for GET /nope", decodeProblem(t, rec)["detail"])
}

func TestWrongMethodIsAMethodNotAllowedProblem(t *testing.T) {
	h := newHandler(newTestDeps(t, nil))

	rec := serve(t, h, http.MethodDelete, "/api/user", "", nil)

	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "GET", rec.Header().Get("Allow"))
	assert.Equal(t, "DELETE is not allowed on /api/user", decodeProblem(t, rec)["detail"])
}

func TestTraceContextEndpointIsOffByDefault(t *testing.T) {
	h := newHandler(newTestDeps(t, func(c *config.Config) { c.TraceContextTestEndpoint = false }))

	rec := serve(t, h, http.MethodPost, "/test", "[]", http.Header{"Content-Type": {"application/json"}})

	assert.Equal(t, http.StatusNotFound, rec.Code)
}

func TestReadyzReportsEachState(t *testing.T) {
	d := newTestDeps(t, nil)
	h := newHandler(d)

	for _, tc := range []struct {
		state  int32
		status int
		body   string
	}{
		{stateStarting, http.StatusServiceUnavailable, `{"status":"starting"}`},
		{stateReady, http.StatusOK, `{"status":"ready"}`},
		{stateDraining, http.StatusServiceUnavailable, `{"status":"draining"}`},
	} {
		d.state.set(tc.state)

		rec := serve(t, h, http.MethodGet, "/readyz", "", nil)

		assert.Equal(t, tc.status, rec.Code)
		assert.Equal(t, tc.body, rec.Body.String())
	}
}

func TestPanicBecomesAnInternalProblem(t *testing.T) {
	h := recoverPanics(telemetry.NewLogger(io.Discard, "info", "go-api"),
		http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret cause") }))

	rec := serve(t, h, http.MethodGet, "/api/user", "", nil)

	assert.Equal(t, http.StatusInternalServerError, rec.Code)
	assert.Equal(t, "an internal error occurred", decodeProblem(t, rec)["detail"])
	assert.NotContains(t, rec.Body.String(), "secret")
}

func TestRateLimitAnswers429WithHeaders(t *testing.T) {
	d := newTestDeps(t, func(c *config.Config) { c.RateLimit = &config.RateLimit{RPS: 1, Burst: 2} })
	h := newHandler(d)

	first := serve(t, h, http.MethodGet, "/api/user?user_id=a", "", nil)
	serve(t, h, http.MethodGet, "/api/user?user_id=a", "", nil)
	third := serve(t, h, http.MethodGet, "/api/user?user_id=a", "", nil)

	assert.Equal(t, http.StatusOK, first.Code)
	assert.Equal(t, "2;w=2", first.Header().Get("RateLimit-Policy"))
	assert.Equal(t, "limit=2, remaining=1, reset=1", first.Header().Get("RateLimit"))
	assert.Equal(t, http.StatusTooManyRequests, third.Code)
	assert.Equal(t, "1", third.Header().Get("Retry-After"))
	assert.Equal(t, "rate limit exceeded", decodeProblem(t, third)["detail"])
}

func TestUsersRejectsInvalidLists(t *testing.T) {
	const itemRule = "each id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'"
	cases := []struct{ name, query, detail string }{
		{"missing", "", "ids is required"},
		{"empty", "?ids=", itemRule},
		{"empty item", "?ids=a,,b", itemRule},
		{"trailing comma", "?ids=a,", itemRule},
		{"invalid item", "?ids=a,b%21", itemRule},
		{"65-character item", "?ids=a," + strings.Repeat("x", 65), itemRule},
		{"repeated", "?ids=a&ids=b", "ids must be given once"},
	}
	h := newHandler(newTestDeps(t, nil))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, h, http.MethodGet, "/api/users"+tc.query, "", nil)

			assert.Equal(t, http.StatusBadRequest, rec.Code)
			body := decodeProblem(t, rec)
			assert.Equal(t, "urn:triad:problem:invalid-parameter", body["type"])
			assert.Equal(t, tc.detail, body["detail"])
			assert.Equal(t, "/api/users", body["instance"])
		})
	}
}

func TestUsersAccepts100IDs(t *testing.T) {
	h := newHandler(newTestDeps(t, nil))
	ids := strings.TrimSuffix(strings.Repeat("x,", 100), ",")

	rec := serve(t, h, http.MethodGet, "/api/users?ids="+ids, "", nil)

	require.Equal(t, http.StatusOK, rec.Code)
	var body usersResponse
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body))
	assert.Len(t, body.Users, 100)
}

func TestUsersHonoursTheFanoutLimit(t *testing.T) {
	d := newTestDeps(t, func(c *config.Config) { c.SimulatedIO, c.FanoutLimit = 50*time.Millisecond, 2 })
	h := newHandler(d)

	start := time.Now()
	rec := serve(t, h, http.MethodGet, "/api/users?ids=a,b,c,d", "", nil)
	elapsed := time.Since(start)

	assert.Equal(t, http.StatusOK, rec.Code)
	assert.GreaterOrEqual(t, elapsed, 100*time.Millisecond, "4 lookups 2 at a time take 2 waits")
}

func TestUsersStopsWhenTheClientGoes(t *testing.T) {
	d := newTestDeps(t, func(c *config.Config) { c.SimulatedIO = 10 * time.Second })
	h := newHandler(d)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodGet, "/api/users?ids=a,b,c", nil)

	start := time.Now()
	h.ServeHTTP(httptest.NewRecorder(), req)

	assert.Less(t, time.Since(start), time.Second)
}

func TestMetricsExposesTheSharedNames(t *testing.T) {
	d := newTestDeps(t, func(c *config.Config) { c.RateLimit = &config.RateLimit{RPS: 1, Burst: 1} })
	h := newHandler(d)
	serve(t, h, http.MethodGet, "/api/user?user_id=a", "", nil)
	serve(t, h, http.MethodGet, "/api/user?user_id=a", "", nil)
	serve(t, h, http.MethodGet, "/nope", "", nil)

	rec := serve(t, h, http.MethodGet, "/metrics", "", nil)

	assert.Equal(t, http.StatusOK, rec.Code)
	for _, name := range []string{
		"http_server_request_duration_seconds_bucket", "http_server_requests_in_flight",
		"process_resident_memory_bytes", "go_goroutines",
		"webhook_events_accepted_total", "webhook_events_processed_total",
		`webhook_events_rejected_total{reason="queue_full"}`, `webhook_events_rejected_total{reason="draining"}`,
		"webhook_queue_depth", "rate_limit_rejected_total 1", "telemetry_spans_dropped_total",
		`http_server_request_duration_seconds_count{method="GET",route="/api/user",status_code="429"} 1`,
		`http_server_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1`,
	} {
		assert.Contains(t, rec.Body.String(), name)
	}
}

func TestWrongMethodOnWebhooksAllowsPost(t *testing.T) {
	h := newHandler(newTestDeps(t, nil))

	rec := serve(t, h, http.MethodGet, "/webhooks", "", nil)

	assert.Equal(t, http.StatusMethodNotAllowed, rec.Code)
	assert.Equal(t, "POST", rec.Header().Get("Allow"))
	assert.Equal(t, "urn:triad:problem:method-not-allowed", decodeProblem(t, rec)["type"])
}

func TestHeadersOver32KiBAre431(t *testing.T) {
	server := httptest.NewUnstartedServer(newHandler(newTestDeps(t, nil)))
	server.Config = newHTTPServer(server.Config.Handler)
	server.Start()
	defer server.Close()
	req, err := http.NewRequest(http.MethodGet, server.URL+"/healthz", nil)
	require.NoError(t, err)
	req.Header.Set("X-Padding", strings.Repeat("p", 40<<10))
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

	resp, err := client.Do(req)

	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusRequestHeaderFieldsTooLarge, resp.StatusCode)
}
