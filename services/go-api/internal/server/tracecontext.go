package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"

	"example.com/triad/go-api/internal/problem"
)

// traceContextCall is one item of a POST /test body, as the W3C Trace
// Context test harness sends it.
type traceContextCall struct {
	URL       *string          `json:"url"`
	Arguments *json.RawMessage `json:"arguments"`
}

// handleTraceContextTest serves the W3C Trace Context conformance endpoint:
// it POSTs each item's arguments to its URL, carrying the current trace context.
func handleTraceContextTest(d *deps) http.Handler {
	shapeError := problem.New(problem.InvalidParameter, "request body must be a JSON array of {url, arguments}")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, perr := readJSONBody(w, r)
		if perr != nil {
			problem.Write(w, r, perr)
			return
		}
		var calls []traceContextCall
		if err := json.Unmarshal(body, &calls); err != nil || calls == nil {
			problem.Write(w, r, shapeError)
			return
		}
		for _, call := range calls {
			if call.URL == nil || call.Arguments == nil {
				problem.Write(w, r, shapeError)
				return
			}
			if u, err := url.Parse(*call.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				problem.Write(w, r, problem.New(problem.InvalidParameter, "url must be an absolute http or https URL"))
				return
			}
		}

		for _, call := range calls {
			d.postTraceContext(r, *call.URL, *call.Arguments)
		}
		w.WriteHeader(http.StatusOK)
	})
}

// postTraceContext makes one call of the test; a failure is logged and
// does not stop the others.
func (d *deps) postTraceContext(r *http.Request, target string, arguments []byte) {
	req, err := http.NewRequestWithContext(r.Context(), http.MethodPost, target, bytes.NewReader(arguments))
	if err != nil {
		d.logger.WarnContext(r.Context(), "trace context call failed", "url", target, "error", err.Error())
		return
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := d.client.Do(req)
	if err != nil {
		d.logger.WarnContext(r.Context(), "trace context call failed", "url", target, "error", err.Error())
		return
	}
	_ = resp.Body.Close()
}
