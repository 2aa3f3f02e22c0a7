package server

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"golang.org/x/sync/errgroup"

	"example.com/triad/go-api/internal/problem"
)

// maxIDs is the most ids one /api/users request may list.
const maxIDs = 100

var userIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// User is the body of /api/user and each item of /api/users.
type User struct {
	UserID    string `json:"user_id"`
	Status    string `json:"status"`
	Timestamp int64  `json:"timestamp"`
	Service   string `json:"service"`
}

type usersResponse struct {
	Users []User `json:"users"`
}

// #region user-handler

func handleUser(d *deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, perr := singleParam(r, "user_id")
		if perr == nil && !userIDPattern.MatchString(id) {
			perr = problem.New(problem.InvalidParameter, "user_id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'")
		}
		if perr != nil {
			problem.Write(w, r, perr)
			return
		}

		user, err := d.lookupUser(r.Context(), id)
		if err != nil {
			return // The client has gone; nobody reads an answer.
		}
		writeJSON(w, http.StatusOK, user)
	})
}

// #endregion user-handler

func handleUsers(d *deps) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ids, perr := parseIDs(r)
		if perr != nil {
			problem.Write(w, r, perr)
			return
		}

		users, err := d.lookupUsers(r.Context(), ids)
		if err != nil {
			return
		}
		writeJSON(w, http.StatusOK, usersResponse{Users: users})
	})
}

func parseIDs(r *http.Request) ([]string, *problem.Error) {
	raw, perr := singleParam(r, "ids")
	if perr != nil {
		return nil, perr
	}
	ids := strings.Split(raw, ",")
	if len(ids) > maxIDs {
		return nil, problem.New(problem.InvalidParameter, "ids must list at most 100 ids")
	}
	for _, id := range ids {
		if !userIDPattern.MatchString(id) {
			return nil, problem.New(problem.InvalidParameter, "each id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'")
		}
	}
	return ids, nil
}

// singleParam returns the one value of a query parameter that must appear exactly once.
func singleParam(r *http.Request, name string) (string, *problem.Error) {
	values := r.URL.Query()[name]
	switch len(values) {
	case 0:
		return "", problem.New(problem.InvalidParameter, name+" is required")
	case 1:
		return values[0], nil
	default:
		return "", problem.New(problem.InvalidParameter, name+" must be given once")
	}
}

// lookupUser waits the simulated I/O time, then returns the user.
func (d *deps) lookupUser(ctx context.Context, id string) (User, error) {
	if err := d.simulateIO(ctx); err != nil {
		return User{}, err
	}
	return User{UserID: id, Status: "active", Timestamp: time.Now().UnixMilli(), Service: d.serviceName}, nil
}

// #region fan-out

// lookupUsers looks every id up concurrently, at most FANOUT_LIMIT at a
// time, and keeps the order of ids. The first error, or the request's
// cancellation, cancels the lookups still waiting.
func (d *deps) lookupUsers(ctx context.Context, ids []string) ([]User, error) {
	users := make([]User, len(ids))
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(d.cfg.FanoutLimit)
	for i, id := range ids {
		g.Go(func() error {
			user, err := d.lookupUser(ctx, id)
			users[i] = user
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return users, nil
}

// #endregion fan-out

// #region cancellation

// simulateIO stands in for a database or downstream call: it waits
// SIMULATED_IO_MS in a span of its own, and stops early when ctx ends,
// for example because the client disconnected.
func (d *deps) simulateIO(ctx context.Context) error {
	ctx, span := d.tracer.Start(ctx, "simulated-io")
	defer span.End()
	span.SetAttributes(attribute.Int64("simulated_io.duration_ms", d.cfg.SimulatedIO.Milliseconds()))

	timer := time.NewTimer(d.cfg.SimulatedIO)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		span.RecordError(ctx.Err())
		return ctx.Err()
	}
}

// #endregion cancellation
