package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"example.com/triad/go-api/internal/config"
)

var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// eventOfSize returns a webhook event padded to exactly size bytes.
func eventOfSize(size int) string {
	head, tail := `{"type":"padded","pad":"`, `"}`
	return head + strings.Repeat("p", size-len(head)-len(tail)) + tail
}

// eventOfDepth returns an event whose whole document nests depth levels.
func eventOfDepth(depth int) string {
	return `{"type":"deep","data":` + strings.Repeat("[", depth-1) + strings.Repeat("]", depth-1) + `}`
}

func TestWebhookAcceptsAnEvent(t *testing.T) {
	h := newHandler(newTestDeps(t, nil))

	rec := serve(t, h, http.MethodPost, "/webhooks", `{"type":"user.created"}`, jsonHeader)

	assert.Equal(t, http.StatusAccepted, rec.Code)
	assert.Equal(t, `{"accepted":true,"event_type":"user.created"}`, rec.Body.String())
}

func TestWebhookChecks(t *testing.T) {
	cases := []struct {
		name, body string
		header     http.Header
		status     int
		detail     string
	}{
		{"exactly 1 MiB", eventOfSize(maxBodyBytes), jsonHeader, http.StatusAccepted, ""},
		{"1 MiB + 1", eventOfSize(maxBodyBytes + 1), jsonHeader, http.StatusRequestEntityTooLarge, "request body exceeds 1048576 bytes"},
		{"no content type", `{"type":"t"}`, nil, http.StatusUnsupportedMediaType, "Content-Type must be application/json"},
		{"text/plain", `{"type":"t"}`, http.Header{"Content-Type": {"text/plain"}}, http.StatusUnsupportedMediaType, "Content-Type must be application/json"},
		{"truncated", `{"type":"t"`, jsonHeader, http.StatusBadRequest, "request body is not valid JSON"},
		{"64 levels", eventOfDepth(64), jsonHeader, http.StatusAccepted, ""},
		{"65 levels", eventOfDepth(65), jsonHeader, http.StatusBadRequest, "request body is nested deeper than 64 levels"},
		{"brackets in strings", `{"type":"` + strings.Repeat("[", 100) + `"}`, jsonHeader, http.StatusAccepted, ""},
		{"array", `[]`, jsonHeader, http.StatusUnprocessableEntity, "webhook event must be a JSON object"},
		{"null", `null`, jsonHeader, http.StatusUnprocessableEntity, "webhook event must be a JSON object"},
		{"numeric type", `{"type":1}`, jsonHeader, http.StatusUnprocessableEntity, "type must be a string of 1 to 128 characters"},
		{"129-character type", `{"type":"` + strings.Repeat("t", 129) + `"}`, jsonHeader, http.StatusUnprocessableEntity, "type must be a string of 1 to 128 characters"},
		{"long source", `{"type":"t"}`, http.Header{"Content-Type": {"application/json"}, "X-Webhook-Source": {strings.Repeat("s", 129)}}, http.StatusUnprocessableEntity, "X-Webhook-Source must be at most 128 characters"},
	}
	h := newHandler(newTestDeps(t, nil))
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(t, h, http.MethodPost, "/webhooks", tc.body, tc.header)

			assert.Equal(t, tc.status, rec.Code)
			if tc.detail != "" {
				assert.Equal(t, tc.detail, decodeProblem(t, rec)["detail"])
			}
		})
	}
}

func TestWebhookRejectsAChunkedBodyOver1MiB(t *testing.T) {
	h := newHandler(newTestDeps(t, nil))
	// A reader of unknown length makes the request chunked: no Content-Length.
	body := io.MultiReader(strings.NewReader(eventOfSize(maxBodyBytes + 1)))
	req := httptest.NewRequest(http.MethodPost, "/webhooks", body)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()

	h.ServeHTTP(rec, req)

	assert.Equal(t, int64(-1), req.ContentLength)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Equal(t, "urn:triad:problem:payload-too-large", decodeProblem(t, rec)["type"])
}

func TestWebhookAcceptsJSONWithParameters(t *testing.T) {
	h := newHandler(newTestDeps(t, nil))

	rec := serve(t, h, http.MethodPost, "/webhooks", `{"type":"t"}`, http.Header{"Content-Type": {"Application/JSON; charset=UTF-8"}})

	assert.Equal(t, http.StatusAccepted, rec.Code)
}

func TestWebhookQueueFullIs503(t *testing.T) {
	d := newTestDeps(t, func(c *config.Config) {
		c.WebhookWorkers, c.WebhookQueue, c.SimulatedIO = 1, 1, 200*time.Millisecond
	})
	h := newHandler(d)

	statuses := map[int]int{}
	var rejected string
	for range 5 {
		rec := serve(t, h, http.MethodPost, "/webhooks", `{"type":"burst"}`, jsonHeader)
		statuses[rec.Code]++
		if rec.Code == http.StatusServiceUnavailable {
			assert.Equal(t, "1", rec.Header().Get("Retry-After"))
			rejected = decodeProblem(t, rec)["type"].(string)
		}
	}

	assert.GreaterOrEqual(t, statuses[http.StatusServiceUnavailable], 3)
	assert.Equal(t, "urn:triad:problem:queue-full", rejected)
}

func TestWebhookWhileDrainingIs503(t *testing.T) {
	d := newTestDeps(t, nil)
	h := newHandler(d)
	d.pool.StopIntake()

	rec := serve(t, h, http.MethodPost, "/webhooks", `{"type":"late"}`, jsonHeader)

	require.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "service is shutting down", decodeProblem(t, rec)["detail"])
}

func TestTooDeep(t *testing.T) {
	assert.False(t, tooDeep([]byte(eventOfDepth(64))))
	assert.True(t, tooDeep([]byte(eventOfDepth(65))))
	assert.False(t, tooDeep([]byte(`{"a":"\"[[[[\\"}`)))
}
