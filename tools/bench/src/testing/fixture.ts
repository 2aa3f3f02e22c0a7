import type { RunResults } from '../report/build';
import type { Percentiles, ScenarioReport, ServiceName, SlowRequest } from '../report/types';

const WAIT_MS = 50;
const CONNECTIONS_WAIT_MS = 2000;

function percentiles(base: number, spread: number): Percentiles {
  return {
    p50: base + spread * 0.1,
    p90: base + spread * 0.4,
    p95: base + spread * 0.6,
    p99: base + spread,
    p999: base + spread * 1.8,
    max: base + spread * 3,
  };
}

function traceId(seed: number): string {
  return seed.toString(16).padStart(32, 'a');
}

function slowRequest(seed: number, service: ServiceName, latency: number): SlowRequest {
  const id = traceId(seed);
  return {
    trace_id: id,
    latency_ms: latency,
    jaeger_url: `http://127.0.0.1:16686/trace/${id}`,
    found: true,
    breakdown: {
      total_ms: latency,
      services_ms: { [service]: 1.4 },
      simulated_io_ms: WAIT_MS + 0.3,
      other_ms: latency - WAIT_MS - 1.7,
    },
    spans: [
      { service, name: 'GET /api/user', start_ms: 0, duration_ms: WAIT_MS + 1.7, depth: 0 },
      { service, name: 'simulated-io', start_ms: 0.9, duration_ms: WAIT_MS + 0.3, depth: 1 },
    ],
  };
}

function latencyScenario(service: ServiceName, rate: number, extra: number, seed: number): ScenarioReport {
  return {
    name: `latency ${service} ${rate}/s`,
    kind: 'latency',
    target: service,
    route: '/api/user',
    rate,
    simulated_io_ms: WAIT_MS,
    duration_s: 5,
    requests: rate * 5,
    errors: { total: 0, by_class: {} },
    latency_ms: percentiles(WAIT_MS + 1, extra),
    service_time_ms: percentiles(WAIT_MS + 0.8, extra * 0.8),
    achieved_rate: rate * 0.998,
    throughput: rate * 0.998,
    late_sends: Math.round(rate / 100),
    cpu: { generator_percent: 12 + rate / 50, service_percent: 8 + rate / 40 },
    traces: { sampled: 5, found: 5, complete: 5 },
    slowest: [slowRequest(seed, service, WAIT_MS + extra * 3)],
  };
}

function connectionsScenario(service: ServiceName, connections: number, rss: number): ScenarioReport {
  return {
    name: `connections ${service} ${connections}`,
    kind: 'connections',
    target: service,
    route: '/api/user',
    connections,
    simulated_io_ms: CONNECTIONS_WAIT_MS,
    duration_s: 4,
    requests: connections * 2,
    errors: { total: 0, by_class: {} },
    latency_ms: percentiles(CONNECTIONS_WAIT_MS + 2, 20),
    service_time_ms: percentiles(CONNECTIONS_WAIT_MS + 2, 20),
    achieved_rate: connections / 2,
    throughput: connections / 2,
    late_sends: 0,
    rss_mb: { median: rss, min: rss - 0.4, max: rss + 0.6, samples: 8 },
    cpu: { generator_percent: 20 },
    traces: { sampled: 3, found: 3, complete: 3 },
    slowest: [],
  };
}

const PER_CONNECTION_MB: Record<ServiceName, [number, number]> = {
  'go-api': [12, 0.006],
  'dotnet-api': [60, 0.011],
  'ts-api': [55, 0.004],
};

/** Builds the results of a small run of every scenario kind, as the orchestrator would hand them over. */
export function fixtureResults(): RunResults {
  const services: ServiceName[] = ['go-api', 'dotnet-api', 'ts-api'];
  const scenarios: ScenarioReport[] = [];
  services.forEach((service, index) => {
    scenarios.push(latencyScenario(service, 100, 2 + index, 100 + index));
    scenarios.push(latencyScenario(service, 500, 6 + index * 3, 200 + index));
  });
  for (const service of services) {
    const [base, slope] = PER_CONNECTION_MB[service];
    for (const connections of [50, 200, 800]) {
      scenarios.push(connectionsScenario(service, connections, base + slope * connections));
    }
  }

  const aggregateId = traceId(999);
  scenarios.push({
    ...latencyScenario('ts-api', 100, 8, 300),
    name: 'aggregate ts-api 100/s',
    kind: 'aggregate',
    route: '/api/aggregate',
    slowest: [
      {
        trace_id: aggregateId,
        latency_ms: 75.5,
        jaeger_url: `http://127.0.0.1:16686/trace/${aggregateId}`,
        found: true,
        breakdown: {
          total_ms: 75.5,
          services_ms: { 'ts-api': 4.1, 'go-api': 0.9, 'dotnet-api': 1.6 },
          simulated_io_ms: 52.2,
          other_ms: 16.7,
        },
        spans: [
          { service: 'ts-api', name: 'GET /api/aggregate', start_ms: 0, duration_ms: 60.1, depth: 0 },
          { service: 'ts-api', name: 'GET', start_ms: 1.2, duration_ms: 53.4, depth: 1 },
          { service: 'go-api', name: 'GET /api/user', start_ms: 1.9, duration_ms: 51.2, depth: 2 },
          { service: 'go-api', name: 'simulated-io', start_ms: 2.1, duration_ms: 50.4, depth: 3 },
          { service: 'ts-api', name: 'GET', start_ms: 1.3, duration_ms: 56.8, depth: 1 },
          { service: 'dotnet-api', name: 'GET /api/user', start_ms: 2.4, duration_ms: 54.1, depth: 2 },
          { service: 'dotnet-api', name: 'simulated-io', start_ms: 3.3, duration_ms: 50.9, depth: 3 },
        ],
      },
    ],
  });

  return {
    profile: 'smoke',
    runtime: 'local',
    startedAt: new Date('2026-12-04T10:00:00Z'),
    finishedAt: new Date('2026-12-04T10:02:31Z'),
    settings: {
      services,
      simulated_io_ms: WAIT_MS,
      connections_simulated_io_ms: CONNECTIONS_WAIT_MS,
      warmup_s: 2,
      latency_rates: [100, 500],
      connection_counts: [50, 200, 800],
      aggregate_rate: 100,
      trace_sample_rate: 0.05,
      command: 'npx nx run bench:e2e --profile=smoke',
    },
    machine: {
      cpu_model: 'AMD EPYC',
      cores: 2,
      memory_mb: 24_000,
      os: 'Debian GNU/Linux 12 (bookworm)',
      kernel: '6.1.0-27-amd64',
      arch: 'x64',
      node_version: 'v24.11.1',
      services: [
        { service: 'go-api', runtime: 'go1.26.0', source: 'go version services/go-api/dist/go-api' },
        { service: 'dotnet-api', runtime: '.NET 8.0.22', source: 'Triad.DotnetApi.runtimeconfig.json' },
        { service: 'ts-api', runtime: 'node v24.11.1', source: 'process.version of ts-api' },
      ],
    },
    scenarios,
    idleRssMb: { 'go-api': 11.2, 'dotnet-api': 58.9, 'ts-api': 54.1 },
    limits: { maxErrorShare: 0, minAchievedShare: 0.95, minRssSamples: 3 },
    notes: ['Jaeger here is built without its web UI; the trace links need an official Jaeger release to open.'],
  };
}
