import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

import { fixtureResults } from '../testing/fixture';
import { buildReport, type RunResults } from './build';
import { reportCharts, renderHtml, waterfallId } from './html';
import { renderMarkdown } from './markdown';
import type { BenchReport } from './types';

const schema = JSON.parse(readFileSync(path.join(__dirname, '../../report.schema.json'), 'utf8')) as object;

function validator() {
  // strictRequired would reject the conditional `required` of connections scenarios, whose
  // properties are declared outside the `then` branch.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  addFormats(ajv);
  return ajv.compile(schema);
}

// The report folder that `nx run bench:e2e` writes to, relative to the workspace root.
const latestJson = path.resolve(__dirname, '../../../..', 'reports', 'latest', 'report.json');

function clone(report: BenchReport): Record<string, unknown> {
  return JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
}

// Adds one pair of tracing-cost scenarios and their comparison, as a run with the tracing cost writes them.
function withTracingCost(report: BenchReport): Record<string, unknown> {
  const traced = clone(report);
  const latency = report.scenarios.find((scenario) => scenario.kind === 'latency');
  if (latency === undefined) {
    throw new Error('the fixture has no latency scenario');
  }
  const tracing = { ...latency, kind: 'tracing', slowest: [], cpu: { generator_percent: 20, service_seconds: 0.4 } };
  traced.scenarios = [
    ...report.scenarios,
    { ...tracing, name: 'tracing sampled go-api 500/s', tracing: 'sampled' },
    { ...tracing, name: 'tracing disabled go-api 500/s', tracing: 'disabled' },
  ];
  traced.tracing_cost = {
    rate: 500,
    duration_s: 4,
    services: [
      {
        service: 'go-api',
        p99_ms_sampled: 53,
        p99_ms_disabled: 52.5,
        p99_increase_ms: 0.5,
        cpu_us_per_request_sampled: 160,
        cpu_us_per_request_disabled: null,
        cpu_per_request_growth: null,
        sdk_spans_dropped: 0,
      },
    ],
    collector: null,
  };
  return traced;
}

// Adds dotnet-api's latency scenarios again as runtime scenarios of a .NET 10 build, 1 ms faster at p99.
function withRuntime(results: RunResults): RunResults {
  const runtime = results.scenarios
    .filter((scenario) => scenario.kind === 'latency' && scenario.target === 'dotnet-api')
    .map((scenario) => ({
      ...scenario,
      name: `runtime dotnet-api .NET 10 ${String(scenario.rate)}/s`,
      kind: 'runtime' as const,
      service_runtime: '.NET 10.0.12 (self-contained, Server GC)',
      latency_ms: { ...scenario.latency_ms, p99: scenario.latency_ms.p99 - 1 },
      slowest: [],
    }));
  return { ...results, scenarios: [...results.scenarios, ...runtime] };
}

describe('report.json', () => {
  const report = buildReport(fixtureResults());

  it('is valid against report.schema.json', () => {
    const validate = validator();

    const valid = validate(clone(report));

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is rejected without rss_mb on a connections scenario', () => {
    const broken = clone(report);
    const scenarios = broken.scenarios as Record<string, unknown>[];
    const connections = scenarios.find((scenario) => scenario.kind === 'connections');
    delete connections?.rss_mb;

    expect(validator()(broken)).toBe(false);
  });

  it('is rejected without rate on a latency scenario', () => {
    const broken = clone(report);
    const scenarios = broken.scenarios as Record<string, unknown>[];
    delete scenarios[0]?.rate;

    expect(validator()(broken)).toBe(false);
  });

  it('is valid with tracing-cost scenarios, the tracing cost and the budget', () => {
    const traced = withTracingCost(report);
    const validate = validator();

    const valid = validate(traced);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is valid with runtime scenarios', () => {
    const validate = validator();

    const valid = validate(clone(buildReport(withRuntime(fixtureResults()))));

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is valid with the instrument check and the stack at rest', () => {
    const run = { rate: 2000, duration_s: 15, achieved_rate: 1999.9, p50_ms: 50.2, p99_ms: 51.6, late_share: 0.004, errors: 0 };
    const validate = validator();

    const valid = validate(
      clone(
        buildReport({
          ...fixtureResults(),
          instrument: { target: 'go-api', vegeta: { ...run, late_share: null }, triad: run, high: { ...run, rate: 10_000 } },
          stackAtRestMb: { jaeger: 53, otelcol: 38.6 },
        }),
      ),
    );

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('is rejected without tracing on a tracing scenario', () => {
    const broken = withTracingCost(report);
    const scenarios = broken.scenarios as Record<string, unknown>[];
    delete scenarios.find((scenario) => scenario.kind === 'tracing')?.tracing;

    expect(validator()(broken)).toBe(false);
  });

  it('is rejected with an unknown budget status', () => {
    const broken = clone(report);
    const budget = broken.budget as Record<string, unknown>[];
    budget[0] = { ...budget[0], status: 'pass' };

    expect(validator()(broken)).toBe(false);
  });

  it('is rejected with a met budget item that has no measured figure', () => {
    const broken = clone(report);
    const budget = broken.budget as Record<string, unknown>[];
    budget[0] = { ...budget[0], status: 'met', measured: null };

    expect(validator()(broken)).toBe(false);
  });

  it('is rejected with an unknown member', () => {
    const broken = { ...clone(report), extra: true };

    expect(validator()(broken)).toBe(false);
  });

  (existsSync(latestJson) ? it : it.skip)('of the latest bench run is valid too', () => {
    const validate = validator();

    const valid = validate(JSON.parse(readFileSync(latestJson, 'utf8')));

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('fits memory per connection for each service', () => {
    const fits = Object.fromEntries(report.connection_fits.map((fit) => [fit.service, fit]));

    expect(fits['go-api']?.slope_kb_per_connection).toBeCloseTo(0.006 * 1024, 1);
    expect(fits['dotnet-api']?.slope_kb_per_connection).toBeCloseTo(0.011 * 1024, 1);
    expect(fits['ts-api']?.intercept_mb).toBeCloseTo(55, 1);
    expect(fits['go-api']?.r2).toBeCloseTo(1, 3);
    expect(fits['go-api']?.idle_rss_mb).toBe(11.2);
  });

  it('adds up the traces of every scenario', () => {
    expect(report.traces).toEqual({ sampled: 62, found: 62, complete: 62 });
  });
});

describe('report.md', () => {
  const markdown = renderMarkdown(buildReport(fixtureResults()));

  it('has the memory table by connections and service', () => {
    expect(markdown).toContain('## Memory by connections');
    expect(markdown).toContain('| connections | go-api (MiB) | dotnet-api (MiB) | ts-api (MiB) |');
    expect(markdown).toMatch(/\| 800 \| 16\.8 \(16\.4–17\.4\) \| 68\.8 \(68\.4–69\.4\) \| 58\.2 \(57\.8–58\.8\) \|/);
    expect(markdown).toContain('| 0 (idle) | 11.2 | 58.9 | 54.1 |');
  });

  it('has the per-connection fit', () => {
    expect(markdown).toContain('| service | KiB per connection | intercept (MiB) | r² | connections fitted |');
    expect(markdown).toContain('| go-api | 6.14 | 12.0 | 1.000 | 50, 200, 800 |');
  });

  it('has p50, p95 and p99 by service and rate', () => {
    expect(markdown).toContain('| rate (/s) | service | achieved (/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | errors |');
    expect(markdown).toContain('| 100 | go-api | 99.8 | 51.2 | 52.2 | 53.0 | 57.0 | 0 |');
    expect(markdown).toContain('| 500 | ts-api | 499.0 | 52.2 | 58.2 | 63.0 | 87.0 | 0 |');
  });

  it('has the overhead above the simulated wait', () => {
    expect(markdown).toContain('## Overhead above the simulated wait (p99 − 50 ms)');
    expect(markdown).toContain('| 100 | +3.00 | +4.00 | +5.00 |');
  });

  it('has achieved against target', () => {
    expect(markdown).toContain('| latency go-api 100/s | 100 | 99.8 | 100% | 1 | 14% | 11% |');
  });

  it('compares dotnet-api on both runtimes', () => {
    const compared = renderMarkdown(buildReport(withRuntime(fixtureResults())));

    expect(compared).toContain('## dotnet-api on .NET 8.0.22 and .NET 10.0.12');
    expect(compared).toContain(
      '| rate (/s) | p50 .NET 8.0.22 (ms) | p50 .NET 10.0.12 (ms) | p99 .NET 8.0.22 (ms) | p99 .NET 10.0.12 (ms) | CPU .NET 8.0.22 | CPU .NET 10.0.12 | errors .NET 10.0.12 |',
    );
    expect(compared).toMatch(/\| 100 \| 51\.\d \| 51\.\d \| 54\.0 \| 53\.0 \| \d+% \| \d+% \| 0 \|/);
    expect(markdown).not.toContain('## dotnet-api on');
  });

  it('sets the load generator beside vegeta', () => {
    const run = { rate: 2000, duration_s: 15, achieved_rate: 1999.9, p50_ms: 50.24, p99_ms: 51.62, late_share: 0.0048, errors: 0 };
    const check = { target: 'go-api' as const, vegeta: { ...run, p50_ms: 50.36, p99_ms: 52.09, late_share: null }, triad: run, high: { ...run, rate: 10_000, achieved_rate: 9999.8, late_share: 0.0152 } };

    const text = renderMarkdown(buildReport({ ...fixtureResults(), instrument: check }));

    expect(text).toContain('## The load generator against vegeta');
    expect(text).toContain('| vegeta | 2,000 | 1,999.9 | 50.4 | 52.1 | n/a | 0 |');
    expect(text).toContain('| triad load − vegeta |  |  | −0.12 | −0.47 |  |  |');
    expect(text).toContain('| triad load at the high rate | 10,000 | 9,999.8 | 50.2 | 51.6 | 1.5% | 0 |');
  });

  it('describes the machine and each runtime', () => {
    expect(markdown).toContain('| CPU | AMD EPYC (2 cores, shared by the load generator and the services) |');
    expect(markdown).toContain('| dotnet-api | .NET 8.0.22 (Triad.DotnetApi.runtimeconfig.json) |');
  });

  it('links the slowest traces with their breakdown', () => {
    expect(markdown).toContain('## Where the time went');
    expect(markdown).toContain('### aggregate ts-api 100/s');
    expect(markdown).toContain(
      '| [aaaaaaaaaaaaaaaaaaaaaaaaaaaaa3e7](http://127.0.0.1:16686/trace/aaaaaaaaaaaaaaaaaaaaaaaaaaaaa3e7) | 75.5 | 0.90 | 1.60 | 4.10 | 52.2 | 16.7 |',
    );
  });

  it('lists every threshold with its result', () => {
    expect(markdown).toContain('| threshold | limit | actual | result |');
    expect(markdown).toContain('| traces found | = sampled, sampled > 0 | 62 of 62 | pass |');
  });
});

describe('report.html', () => {
  const report = buildReport(fixtureResults());
  const html = renderHtml(report);

  it('contains every chart', () => {
    const ids = reportCharts(report).map((chart) => chart.id);
    const aggregate = report.scenarios.find((scenario) => scenario.kind === 'aggregate');

    expect(ids).toEqual(expect.arrayContaining(['latency-p50', 'latency-p99', 'throughput', 'memory']));
    if (aggregate === undefined) {
      throw new Error('the fixture has no aggregate scenario');
    }
    expect(ids).toContain(waterfallId(aggregate, 0));
    for (const id of ids) {
      expect(html).toContain(`data-chart="${id}"`);
    }
  });

  it('draws a waterfall for each slowest trace with spans', () => {
    const waterfalls = reportCharts(report).filter((chart) => chart.id.startsWith('waterfall-'));
    const slowWithSpans = report.scenarios.flatMap((scenario) => scenario.slowest).filter((request) => request.spans);

    expect(waterfalls).toHaveLength(slowWithSpans.length);
    expect(waterfalls[0]?.svg).toContain('<rect class="mark"');
  });

  it('loads nothing from the network', () => {
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
  });

  it('escapes text from the report', () => {
    const tricky = buildReport(fixtureResults());
    tricky.notes = ['<script>alert(1)</script>'];

    expect(renderHtml(tricky)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(renderHtml(tricky)).not.toContain('<script>');
  });
});
