package server

import (
	"net/http"
	"sync/atomic"
)

// Readiness states reported by /readyz.
const (
	stateStarting int32 = iota
	stateReady
	stateDraining
)

// lifecycle is the service's readiness, shared by the probes and the shutdown sequence.
type lifecycle struct{ state atomic.Int32 }

func (l *lifecycle) set(state int32) { l.state.Store(state) }

type statusBody struct {
	Status string `json:"status"`
}

func handleHealth() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, statusBody{"ok"})
	})
}

func handleReady(l *lifecycle) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		switch l.state.Load() {
		case stateReady:
			writeJSON(w, http.StatusOK, statusBody{"ready"})
		case stateDraining:
			writeJSON(w, http.StatusServiceUnavailable, statusBody{"draining"})
		default:
			writeJSON(w, http.StatusServiceUnavailable, statusBody{"starting"})
		}
	})
}
