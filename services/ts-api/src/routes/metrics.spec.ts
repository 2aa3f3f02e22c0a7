import { buildApp } from '../app';
import { testConfig } from '../test-support/config';

const contractMetrics = [
  'http_server_request_duration_seconds_bucket',
  'http_server_requests_in_flight',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_seconds',
  'webhook_events_accepted_total',
  'webhook_events_processed_total',
  'webhook_events_rejected_total',
  'webhook_queue_depth',
  'rate_limit_rejected_total',
  'telemetry_spans_dropped_total',
];

describe('GET /metrics', () => {
  it('exposes the contract metrics in the Prometheus text format', async () => {
    const app = buildApp(testConfig(), { phase: 'ready' });
    await app.inject('/api/user?user_id=m1');
    await app.inject('/nowhere');

    const response = await app.inject('/metrics');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of contractMetrics) {
      expect({ name, present: new RegExp(`^${name}[ {]`, 'm').test(response.body) }).toEqual({ name, present: true });
    }
    expect(response.body).toMatch(
      /http_server_request_duration_seconds_count\{method="GET",route="\/api\/user",status_code="200"\} 1/,
    );
    expect(response.body).toMatch(
      /http_server_request_duration_seconds_count\{method="GET",route="unmatched",status_code="404"\} 1/,
    );
    await app.close();
  });
});
