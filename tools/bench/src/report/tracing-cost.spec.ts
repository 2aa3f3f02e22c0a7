import { fixtureResults } from '../testing/fixture';
import { buildReport, type RunResults } from './build';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { buildTracingCost, cpuUsPerRequest, type SpanDrops } from './tracing-cost';
import type { ScenarioReport, ServiceName, TracingMode } from './types';

const RATE = 500;

function tracingScenario(service: ServiceName, tracing: TracingMode, p99: number, cpuSeconds: number): ScenarioReport {
  const latency = fixtureResults().scenarios.find((scenario) => scenario.kind === 'latency' && scenario.target === service);
  if (latency === undefined) {
    throw new Error(`the fixture has no latency scenario of ${service}`);
  }
  return {
    ...latency,
    name: `tracing ${tracing} ${service} ${RATE}/s`,
    kind: 'tracing',
    rate: RATE,
    requests: 2000,
    achieved_rate: RATE,
    throughput: RATE,
    latency_ms: { ...latency.latency_ms, p99 },
    cpu: { generator_percent: 20, service_percent: 30, service_seconds: cpuSeconds },
    tracing,
    traces: tracing === 'sampled' ? latency.traces : { sampled: 0, found: 0, complete: 0 },
    slowest: [],
  };
}

const DROPS: SpanDrops = {
  services: { 'go-api': 0, 'dotnet-api': 0, 'ts-api': 12 },
  collector: { accepted: 11_988, sent: 11_988, dropped: 0, dropped_counters: ['otelcol_receiver_refused_spans'] },
};

function resultsWithTracing(): RunResults {
  const results = fixtureResults();
  results.scenarios.push(
    tracingScenario('go-api', 'sampled', 52.5, 0.5),
    tracingScenario('go-api', 'disabled', 52, 0.4),
    tracingScenario('dotnet-api', 'sampled', 54, 0.9),
    tracingScenario('dotnet-api', 'disabled', 53.5, 0.8),
    tracingScenario('ts-api', 'sampled', 60, 1.5),
    tracingScenario('ts-api', 'disabled', 57, 1.2),
  );
  results.spanDrops = DROPS;
  return results;
}

describe('buildTracingCost', () => {
  const cost = buildTracingCost(resultsWithTracing().scenarios, DROPS);
  const goApi = cost?.services.find((service) => service.service === 'go-api');
  const tsApi = cost?.services.find((service) => service.service === 'ts-api');

  it('pairs the sampled and the disabled run of each service', () => {
    expect(cost?.services.map((service) => service.service)).toEqual(['go-api', 'dotnet-api', 'ts-api']);
    expect(cost?.rate).toBe(RATE);
  });

  it('gives the p99 increase', () => {
    expect(goApi?.p99_ms_sampled).toBe(52.5);
    expect(goApi?.p99_ms_disabled).toBe(52);
    expect(goApi?.p99_increase_ms).toBe(0.5);
    expect(tsApi?.p99_increase_ms).toBe(3);
  });

  it('gives CPU per request and its growth', () => {
    expect(goApi?.cpu_us_per_request_sampled).toBe(250);
    expect(goApi?.cpu_us_per_request_disabled).toBe(200);
    expect(goApi?.cpu_per_request_growth).toBe(0.25);
  });

  it('carries the dropped spans of each SDK and the Collector', () => {
    expect(tsApi?.sdk_spans_dropped).toBe(12);
    expect(cost?.collector?.accepted).toBe(11_988);
  });

  it('is undefined without tracing scenarios', () => {
    expect(buildTracingCost(fixtureResults().scenarios, DROPS)).toBeUndefined();
  });

  it('leaves out a service with only one half', () => {
    const scenarios = resultsWithTracing().scenarios.filter(
      (scenario) => !(scenario.target === 'ts-api' && scenario.tracing === 'disabled'),
    );

    const partial = buildTracingCost(scenarios, DROPS);

    expect(partial?.services.map((service) => service.service)).toEqual(['go-api', 'dotnet-api']);
  });

  it('marks SDK drops as unknown without a reading', () => {
    const unread = buildTracingCost(resultsWithTracing().scenarios, undefined);

    expect(unread?.services[0]?.sdk_spans_dropped).toBeNull();
    expect(unread?.collector).toBeNull();
  });
});

describe('cpuUsPerRequest', () => {
  it('is null without the service CPU time', () => {
    const scenario = tracingScenario('go-api', 'sampled', 52, 0.5);
    delete scenario.cpu?.service_seconds;

    expect(cpuUsPerRequest(scenario)).toBeNull();
  });

  it('is null without requests', () => {
    const scenario = { ...tracingScenario('go-api', 'sampled', 52, 0.5), requests: 0 };

    expect(cpuUsPerRequest(scenario)).toBeNull();
  });
});

describe('tracing cost in the report', () => {
  const report = buildReport(resultsWithTracing());

  it('is a section of report.json', () => {
    expect(report.tracing_cost?.services).toHaveLength(3);
  });

  it('leaves the thresholds as they are', () => {
    expect(report.passed).toBe(true);
    expect(report.thresholds.map((threshold) => threshold.name)).toEqual(
      buildReport(fixtureResults()).thresholds.map((threshold) => threshold.name),
    );
  });

  it('has a table in report.md', () => {
    const markdown = renderMarkdown(report);

    expect(markdown).toContain('## Tracing cost');
    expect(markdown).toContain(
      '| service | p99 untraced (ms) | p99 traced (ms) | p99 increase (ms) | CPU/request untraced (µs) | ' +
        'CPU/request traced (µs) | CPU/request growth | spans dropped by the SDK |',
    );
    expect(markdown).toContain('| go-api | 52.0 | 52.5 | +0.50 | 200.0 | 250.0 | +25% | 0 |');
    expect(markdown).toContain('| dropped (otelcol_receiver_refused_spans) | 0 |');
  });

  it('has a table in report.html', () => {
    const html = renderHtml(report);

    expect(html).toContain('<h2>Tracing cost</h2>');
    expect(html).toContain('<td>go-api</td><td class="num">52.0</td><td class="num">52.5</td>');
  });

  it('is left out of report.md without tracing scenarios', () => {
    expect(renderMarkdown(buildReport(fixtureResults()))).not.toContain('## Tracing cost');
  });
});
