package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the server's writes and the test's reads.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func env(values map[string]string) func(string) string {
	return func(name string) string { return values[name] }
}

// startedAddress waits for the `server started` log line and returns its address.
func startedAddress(t *testing.T, logs *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		scanner := bufio.NewScanner(strings.NewReader(logs.String()))
		for scanner.Scan() {
			var line struct{ Msg, Address string }
			if json.Unmarshal(scanner.Bytes(), &line) == nil && line.Msg == "server started" {
				return line.Address
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no server started line in %q", logs.String())
	return ""
}

func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, env(map[string]string{"PORT": "0", "OTEL_SDK_DISABLED": "true"}), logs)
	}()
	address := startedAddress(t, logs)

	resp, err := http.Get("http://" + address + "/healthz")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	cancel()

	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, `{"status":"ok"}`, string(body))
	require.NoError(t, <-done)
	assert.Contains(t, logs.String(), `"msg":"shutdown complete"`)
}

func TestRunLogsWithSharedKeys(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	logs := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, env(map[string]string{"PORT": "0", "OTEL_SDK_DISABLED": "true"}), logs) }()
	startedAddress(t, logs)
	cancel()
	require.NoError(t, <-done)

	first := strings.SplitN(logs.String(), "\n", 2)[0]
	keys := []string{}
	decoder := json.NewDecoder(strings.NewReader(first))
	_, _ = decoder.Token()
	for decoder.More() {
		key, _ := decoder.Token()
		keys = append(keys, key.(string))
		var skip json.RawMessage
		_ = decoder.Decode(&skip)
	}
	assert.Equal(t, []string{"time", "level", "msg", "service", "address"}, keys)
	assert.Regexp(t, `"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","level":"info"`, first)
}

func TestRunRejectsAnInvalidSetting(t *testing.T) {
	err := Run(t.Context(), env(map[string]string{"SIMULATED_IO_MS": "soon"}), io.Discard)

	require.Error(t, err)
	assert.Contains(t, err.Error(), `SIMULATED_IO_MS="soon"`)
}

func TestRunReportsAPortInUse(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	logs := &syncBuffer{}
	go func() { _ = Run(ctx, env(map[string]string{"PORT": "0", "OTEL_SDK_DISABLED": "true"}), logs) }()
	address := startedAddress(t, logs)
	port := address[strings.LastIndexByte(address, ':')+1:]

	err := Run(t.Context(), env(map[string]string{"PORT": port, "OTEL_SDK_DISABLED": "true"}), io.Discard)

	require.Error(t, err)
	assert.Contains(t, err.Error(), "listen on 127.0.0.1:"+port)
	assert.Contains(t, err.Error(), "address already in use")
}
