package server

import (
	"net/http"
)

// #region routes

// newHandler returns the service's whole HTTP handler: one routing table,
// wrapped in the middleware that every route shares.
func newHandler(d *deps) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /api/user", handleUser(d))
	mux.Handle("GET /api/users", handleUsers(d))
	mux.Handle("POST /webhooks", handleWebhook(d))
	mux.Handle("GET /healthz", handleHealth())
	mux.Handle("GET /readyz", handleReady(d.state))
	mux.Handle("GET /metrics", d.metrics.Handler())
	if d.cfg.TraceContextTestEndpoint {
		mux.Handle("POST /test", handleTraceContextTest(d))
	}

	h := routeOrProblem(mux)
	if d.limiter != nil {
		h = limitAPI(d, h)
	}
	h = recoverPanics(d.logger, h)
	h = instrument(d, mux, h)
	return traceRequests(d.tracers, h)
}

// #endregion routes
