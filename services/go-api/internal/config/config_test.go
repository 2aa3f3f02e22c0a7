package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func env(values map[string]string) func(string) string {
	return func(name string) string { return values[name] }
}

func TestLoadAppliesDefaults(t *testing.T) {
	cfg, err := Load(env(nil))

	require.NoError(t, err)
	assert.Equal(t, "127.0.0.1", cfg.Host)
	assert.Equal(t, 8081, cfg.Port)
	assert.Equal(t, 50*time.Millisecond, cfg.SimulatedIO)
	assert.Equal(t, 100, cfg.FanoutLimit)
	assert.Equal(t, 4, cfg.WebhookWorkers)
	assert.Equal(t, 1000, cfg.WebhookQueue)
	assert.Nil(t, cfg.RateLimit)
	assert.False(t, cfg.TraceContextTestEndpoint)
	assert.Equal(t, 10*time.Second, cfg.ShutdownTimeout)
}

func TestLoadDefaultsTheBurstToTheRate(t *testing.T) {
	cfg, err := Load(env(map[string]string{"RATE_LIMIT_RPS": "2.5"}))

	require.NoError(t, err)
	assert.Equal(t, &RateLimit{RPS: 2.5, Burst: 3}, cfg.RateLimit)
}

func TestLoadRejectsInvalidValues(t *testing.T) {
	cases := map[string]map[string]string{
		`PORT="70000"`:                     {"PORT": "70000"},
		`SIMULATED_IO_MS="-1"`:             {"SIMULATED_IO_MS": "-1"},
		`FANOUT_LIMIT="many"`:              {"FANOUT_LIMIT": "many"},
		`RATE_LIMIT_RPS="0"`:               {"RATE_LIMIT_RPS": "0"},
		`TRACE_CONTEXT_TEST_ENDPOINT="on"`: {"TRACE_CONTEXT_TEST_ENDPOINT": "on"},
		`LOG_LEVEL="loud"`:                 {"LOG_LEVEL": "loud"},
	}
	for want, values := range cases {
		t.Run(want, func(t *testing.T) {
			_, err := Load(env(values))

			require.ErrorIs(t, err, ErrInvalid)
			assert.Contains(t, err.Error(), want)
		})
	}
}
