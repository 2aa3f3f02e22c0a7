import { schemaErrors, send } from '../src/http';
import { parseMetrics } from '../src/metrics';
import { useTarget } from '../src/target';

const target = useTarget();

const commonMetrics = [
  'http_server_request_duration_seconds_bucket',
  'http_server_request_duration_seconds_sum',
  'http_server_request_duration_seconds_count',
  'http_server_requests_in_flight',
  'process_resident_memory_bytes',
  'webhook_events_accepted_total',
  'webhook_events_processed_total',
  'webhook_queue_depth',
  'rate_limit_rejected_total',
  'telemetry_spans_dropped_total',
];

const runtimeMetrics: Record<string, string[]> = {
  'go-api': ['go_goroutines'],
  'dotnet-api': ['dotnet_threadpool_threads', 'dotnet_threadpool_queue_length'],
  'ts-api': ['nodejs_eventloop_lag_seconds'],
};

describe('smoke: probes', () => {
  it('answers /healthz with ok', async () => {
    const response = await send(target().baseUrl, '/healthz');

    expect(response.status).toBe(200);
    expect(response.text).toBe('{"status":"ok"}');
    expect(schemaErrors('Status', response.json())).toBe('');
  });

  it('answers /readyz with ready', async () => {
    const response = await send(target().baseUrl, '/readyz');

    expect(response.status).toBe(200);
    expect(response.text).toBe('{"status":"ready"}');
  });
});

describe('GET /metrics', () => {
  it('is in the Prometheus text format', async () => {
    const response = await send(target().baseUrl, '/metrics');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("exposes the shared metrics and the runtime's own", async () => {
    await send(target().baseUrl, '/api/user?user_id=metrics');

    const response = await send(target().baseUrl, '/metrics');

    const names = new Set(parseMetrics(response.text).map((sample) => sample.name));
    for (const name of [...commonMetrics, ...(runtimeMetrics[target().service] ?? [])]) {
      expect({ name, present: names.has(name) }).toEqual({ name, present: true });
    }
  });

  it('labels request durations with method, route and status code', async () => {
    await send(target().baseUrl, '/api/user?user_id=labels');

    const response = await send(target().baseUrl, '/metrics');

    const sample = parseMetrics(response.text).find(
      (candidate) =>
        candidate.name === 'http_server_request_duration_seconds_count' &&
        candidate.labels.route === '/api/user' &&
        candidate.labels.method === 'GET' &&
        candidate.labels.status_code === '200',
    );
    expect(sample?.value).toBeGreaterThanOrEqual(1);
  });

  it('reports a plausible resident memory', async () => {
    const response = await send(target().baseUrl, '/metrics');

    const rss = parseMetrics(response.text).find((s) => s.name === 'process_resident_memory_bytes');
    expect(rss?.value).toBeGreaterThan(1024 * 1024);
  });
});
