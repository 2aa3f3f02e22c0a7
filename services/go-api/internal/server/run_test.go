package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"example.com/triad/go-api/internal/config"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

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

// runningService is a Run call in a goroutine of the test.
type runningService struct {
	address string
	logs    *syncBuffer
	stderr  *syncBuffer
	stop    context.CancelFunc
	// wait returns the error of Run once it has returned.
	wait func() error
}

// startRun starts Run on a free port, with tracing off unless values turn it
// on, and waits for its `server started` line.
func startRun(t *testing.T, values map[string]string) *runningService {
	t.Helper()
	merged := map[string]string{"PORT": "0", "OTEL_SDK_DISABLED": "true"}
	for name, value := range values {
		merged[name] = value
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	s := &runningService{logs: &syncBuffer{}, stderr: &syncBuffer{}, stop: cancel}
	s.wait = sync.OnceValue(func() error { return <-done })
	go func() { done <- Run(ctx, []string{"go-api"}, env(merged), s.logs, s.stderr) }()
	t.Cleanup(func() {
		cancel()
		_ = s.wait()
	})
	s.address = startedAddress(t, s.logs)
	return s
}

// startedAddress waits for the `server started` log line and returns its address.
func startedAddress(t *testing.T, logs *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, line := range logLines(logs) {
			if line["msg"] == "server started" {
				return line["address"].(string)
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no server started line in %q", logs.String())
	return ""
}

func logLines(logs *syncBuffer) []map[string]any {
	var lines []map[string]any
	scanner := bufio.NewScanner(strings.NewReader(logs.String()))
	for scanner.Scan() {
		var line map[string]any
		if json.Unmarshal(scanner.Bytes(), &line) == nil {
			lines = append(lines, line)
		}
	}
	return lines
}

func countLogs(logs *syncBuffer, msg string) int {
	count := 0
	for _, line := range logLines(logs) {
		if line["msg"] == msg {
			count++
		}
	}
	return count
}

// get sends one request without keeping the connection, so that no client
// goroutine outlives the test.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	resp, err := client.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body)
}

func postWebhook(t *testing.T, address, eventType string) int {
	t.Helper()
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	resp, err := client.Post("http://"+address+"/webhooks", "application/json", strings.NewReader(`{"type":"`+eventType+`"}`))
	require.NoError(t, err)
	_ = resp.Body.Close()
	return resp.StatusCode
}

// waitFor polls condition every 20 ms until it holds or timeout passes.
func waitFor(t *testing.T, timeout time.Duration, condition func() bool) bool {
	t.Helper()
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if condition() {
			return true
		}
	}
	return false
}

func TestRunServesUntilCancelled(t *testing.T) {
	s := startRun(t, nil)

	healthy := waitFor(t, 5*time.Second, func() bool {
		status, body := get(t, "http://"+s.address+"/healthz")
		return status == http.StatusOK && body == `{"status":"ok"}`
	})
	s.stop()

	require.True(t, healthy, "/healthz never answered 200")
	require.NoError(t, s.wait())
	assert.Equal(t, 1, countLogs(s.logs, "shutdown started"))
	assert.Equal(t, 1, countLogs(s.logs, "shutdown complete"))
	assert.Empty(t, s.stderr.String())
}

func TestRunStopsOnSIGTERM(t *testing.T) {
	s := startRun(t, nil)

	require.NoError(t, syscall.Kill(syscall.Getpid(), syscall.SIGTERM))

	returned := waitFor(t, 5*time.Second, func() bool { return countLogs(s.logs, "shutdown complete") == 1 })
	require.True(t, returned, "Run did not shut down after SIGTERM")
	require.NoError(t, s.wait())
}

func TestRunDrainsQueuedWebhooks(t *testing.T) {
	s := startRun(t, map[string]string{"WEBHOOK_WORKERS": "1", "SIMULATED_IO_MS": "100"})
	for i := range 5 {
		require.Equal(t, http.StatusAccepted, postWebhook(t, s.address, "queued."+string(rune('a'+i))))
	}

	s.stop()

	require.NoError(t, s.wait())
	assert.Equal(t, 5, countLogs(s.logs, "webhook processed"))
}

func TestRunLogsWithSharedKeys(t *testing.T) {
	s := startRun(t, nil)
	s.stop()
	require.NoError(t, s.wait())

	first := strings.SplitN(s.logs.String(), "\n", 2)[0]
	var keys []string
	decoder := json.NewDecoder(strings.NewReader(first))
	_, _ = decoder.Token()
	for decoder.More() {
		key, err := decoder.Token()
		require.NoError(t, err)
		keys = append(keys, key.(string))
		var skip json.RawMessage
		require.NoError(t, decoder.Decode(&skip))
	}
	assert.Equal(t, []string{"time", "level", "msg", "service", "address"}, keys)
	assert.Regexp(t, `"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","level":"info"`, first)
}

func TestRunRejectsAnInvalidSetting(t *testing.T) {
	stderr := &syncBuffer{}

	err := Run(t.Context(), []string{"go-api"}, env(map[string]string{"SIMULATED_IO_MS": "soon"}), io.Discard, stderr)

	require.ErrorIs(t, err, config.ErrInvalid)
	assert.Equal(t, "go-api: invalid configuration: SIMULATED_IO_MS=\"soon\": must be an integer from 0 to 60000\n", stderr.String())
}

func TestRunRejectsArguments(t *testing.T) {
	stderr := &syncBuffer{}

	err := Run(t.Context(), []string{"go-api", "--port", "1"}, env(nil), io.Discard, stderr)

	require.ErrorIs(t, err, ErrUsage)
	assert.Contains(t, stderr.String(), "set environment variables instead")
}

func TestRunReportsAPortInUse(t *testing.T) {
	s := startRun(t, nil)
	port := s.address[strings.LastIndexByte(s.address, ':')+1:]
	stderr := &syncBuffer{}

	err := Run(t.Context(), []string{"go-api"}, env(map[string]string{"PORT": port, "OTEL_SDK_DISABLED": "true"}), io.Discard, stderr)

	require.Error(t, err)
	assert.NotErrorIs(t, err, config.ErrInvalid)
	assert.Contains(t, stderr.String(), "listen on 127.0.0.1:"+port)
	assert.Contains(t, stderr.String(), "address already in use")
}

// closedPort returns a local port that nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	address := listener.Addr().String()
	require.NoError(t, listener.Close())
	return address[strings.LastIndexByte(address, ':')+1:]
}

func TestRunIsNotSlowedByAMissingCollector(t *testing.T) {
	// The SDK reads these from the process environment, not through getenv.
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:"+closedPort(t))
	t.Setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "300")
	t.Setenv("OTEL_BSP_SCHEDULE_DELAY", "50")
	s := startRun(t, map[string]string{"OTEL_SDK_DISABLED": "false", "SIMULATED_IO_MS": "0"})

	var slowest time.Duration
	for range 50 {
		start := time.Now()
		status, _ := get(t, "http://"+s.address+"/api/user?user_id=u1")
		require.Equal(t, http.StatusOK, status)
		slowest = max(slowest, time.Since(start))
	}
	dropped := waitFor(t, 5*time.Second, func() bool {
		_, metrics := get(t, "http://"+s.address+"/metrics")
		return !strings.Contains(metrics, "\ntelemetry_spans_dropped_total 0\n")
	})
	stopStart := time.Now()
	s.stop()
	require.NoError(t, s.wait())

	assert.Less(t, slowest, 250*time.Millisecond)
	assert.True(t, dropped, "telemetry_spans_dropped_total stayed 0")
	assert.Less(t, time.Since(stopStart), spanFlushTimeout+time.Second)
	assert.Positive(t, countLogs(s.logs, "opentelemetry error"))
}
