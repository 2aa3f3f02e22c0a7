import { fixtureResults } from '../testing/fixture';
import { evaluateBudget } from './budget';
import { buildReport } from './build';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import type { BenchReport, BudgetItem, InstrumentCheck, InstrumentRun, TracingCostReport } from './types';

function instrument(high: Partial<InstrumentRun>, vegetaP99 = 52.1): InstrumentCheck {
  const run = (rate: number, p50: number, p99: number): InstrumentRun => ({
    rate,
    duration_s: 15,
    achieved_rate: rate,
    p50_ms: p50,
    p99_ms: p99,
    late_share: 0.0004,
    errors: 0,
  });
  return {
    target: 'go-api',
    vegeta: { ...run(2000, 50.36, vegetaP99), late_share: null },
    triad: run(2000, 50.24, 51.62),
    high: { ...run(10_000, 50.0, 56.2), ...high },
  };
}

function itemOf(report: Omit<BenchReport, 'budget'>, name: string): BudgetItem {
  const item = evaluateBudget(report).find((candidate) => candidate.name === name);
  if (item === undefined) {
    throw new Error(`no budget item named ${name}`);
  }
  return item;
}

function tracingCost(): TracingCostReport {
  const cost = (service: 'go-api' | 'dotnet-api' | 'ts-api', increase: number, growth: number, dropped: number) => ({
    service,
    p99_ms_sampled: 52 + increase,
    p99_ms_disabled: 52,
    p99_increase_ms: increase,
    cpu_us_per_request_sampled: 100 * (1 + growth),
    cpu_us_per_request_disabled: 100,
    cpu_per_request_growth: growth,
    sdk_spans_dropped: dropped,
  });
  return {
    rate: 5000,
    duration_s: 10,
    services: [cost('go-api', 0.4, 0.1, 0), cost('dotnet-api', 1.5, 0.05, 0), cost('ts-api', 0.8, 0.3, 0)],
    collector: { accepted: 300_000, sent: 300_000, dropped: 0, dropped_counters: ['otelcol_receiver_refused_spans'] },
  };
}

describe('evaluateBudget', () => {
  it('measures overhead at the top rate and says which', () => {
    const item = itemOf(buildReport(fixtureResults()), 'overhead above the simulated wait, go-api');

    expect(item.measured).toBe('+7.00 ms at 500/s');
    expect(item.status).toBe('not_met');
    expect(item.detail).toContain('at 500/s, the top rate of this profile, not 5,000/s');
  });

  it('measures overhead at 5000/s when the run has it', () => {
    const results = fixtureResults();
    const scenario = results.scenarios.find((candidate) => candidate.kind === 'latency' && candidate.target === 'ts-api');
    if (scenario === undefined) {
      throw new Error('the fixture has no latency scenario of ts-api');
    }
    scenario.rate = 5000;

    const item = itemOf(buildReport(results), 'overhead above the simulated wait, ts-api');

    expect(item.measured).toBe('+5.00 ms at 5,000/s');
    expect(item.status).toBe('met');
    expect(item.detail).not.toContain('top rate');
  });

  it('compares memory per connection with go-api', () => {
    const report = buildReport(fixtureResults());

    expect(itemOf(report, 'memory per connection, go-api').status).toBe('met');
    expect(itemOf(report, 'memory per connection, dotnet-api').status).toBe('met');
    expect(itemOf(report, 'memory per connection, dotnet-api').detail).toContain('12.28 KiB');
  });

  it('does not measure memory per connection without the go-api fit', () => {
    const report = buildReport(fixtureResults());
    report.connection_fits = report.connection_fits.filter((fit) => fit.service !== 'go-api');

    const item = itemOf(report, 'memory per connection, ts-api');

    expect(item.status).toBe('not_measured');
    expect(item.measured).toBeNull();
  });

  it('does not measure the tracing cost without its scenarios', () => {
    const report = buildReport(fixtureResults());

    expect(itemOf(report, 'tracing cost: p99 increase, go-api').status).toBe('not_measured');
    expect(itemOf(report, 'tracing cost: spans dropped').status).toBe('not_measured');
  });

  it('checks the tracing cost of each service', () => {
    const report = { ...buildReport(fixtureResults()), tracing_cost: tracingCost() };

    expect(itemOf(report, 'tracing cost: p99 increase, go-api').status).toBe('met');
    expect(itemOf(report, 'tracing cost: p99 increase, dotnet-api').status).toBe('not_met');
    expect(itemOf(report, 'tracing cost: CPU per request, ts-api').measured).toBe('+30%');
    expect(itemOf(report, 'tracing cost: CPU per request, ts-api').status).toBe('not_met');
    expect(itemOf(report, 'tracing cost: spans dropped').status).toBe('met');
  });

  it('fails the spans-dropped item on any drop', () => {
    const cost = tracingCost();
    cost.services = cost.services.map((service) =>
      service.service === 'ts-api' ? { ...service, sdk_spans_dropped: 7 } : service,
    );
    const report = { ...buildReport(fixtureResults()), tracing_cost: cost };

    const item = itemOf(report, 'tracing cost: spans dropped');

    expect(item.status).toBe('not_met');
    expect(item.measured).toBe('go-api 0, dotnet-api 0, ts-api 7, Collector 0');
  });

  it('does not count unread span counters as met', () => {
    const report = { ...buildReport(fixtureResults()), tracing_cost: { ...tracingCost(), collector: null } };

    const item = itemOf(report, 'tracing cost: spans dropped');

    expect(item.status).toBe('not_measured');
    expect(item.measured).toContain('Collector not read');
  });

  it('does not measure images without a build report', () => {
    const item = itemOf(buildReport(fixtureResults()), 'image size, go-api');

    expect(item.status).toBe('not_measured');
    expect(item.detail).toContain('npx nx run go-api:image');
  });

  it('takes image sizes from the build report on the local runtime', () => {
    const results = fixtureResults();
    results.images = [{ part: 'dotnet-api', image: 'triad/dotnet-api:0.1.0', size_mb: 41.1, source: 'build-report' }];

    const item = itemOf(buildReport(results), 'image size, dotnet-api');

    expect(item.measured).toBe('41.1 MB');
    expect(item.status).toBe('met');
    expect(item.detail).toBe('triad/dotnet-api:0.1.0, dist/images/dotnet-api.json, the report of the last image build');
  });

  it('checks image sizes on the container runtime', () => {
    const results = fixtureResults();
    results.runtime = 'container';
    results.images = [
      { part: 'go-api', image: 'triad/go-api:0.1.0', size_mb: 12.4 },
      { part: 'ts-api', image: 'triad/ts-api:0.1.0', size_mb: 171.2 },
    ];
    const report = buildReport(results);

    expect(itemOf(report, 'image size, go-api').status).toBe('met');
    expect(itemOf(report, 'image size, ts-api').status).toBe('not_met');
    expect(itemOf(report, 'image size, dotnet-api').status).toBe('not_measured');
  });

  it('names the command that measures the load generator', () => {
    const report = buildReport(fixtureResults());

    expect(itemOf(report, 'load generator accuracy').status).toBe('not_measured');
    expect(itemOf(report, 'load generator accuracy').detail).toContain('npx nx run loadgen:instrument-check');
  });

  it('meets the load generator item within every limit', () => {
    const item = itemOf(buildReport({ ...fixtureResults(), instrument: instrument({}) }), 'load generator accuracy');

    expect(item.status).toBe('met');
    expect(item.measured).toBe('10,000/s: 100% achieved, 0.04% late; against vegeta at 2,000/s: p50 −0.12 ms, p99 −0.48 ms');
  });

  it('fails the load generator on late sends', () => {
    const item = itemOf(buildReport({ ...fixtureResults(), instrument: instrument({ late_share: 0.015 }) }), 'load generator accuracy');

    expect(item.status).toBe('not_met');
    expect(item.measured).toContain('1.5% late');
  });

  it('fails the load generator far from vegeta', () => {
    const item = itemOf(buildReport({ ...fixtureResults(), instrument: instrument({}, 55) }), 'load generator accuracy');

    expect(item.status).toBe('not_met');
  });

  it('does not meet the load generator without vegeta', () => {
    const check = { ...instrument({}), vegeta: null, vegeta_note: 'vegeta is not on PATH' };

    const item = itemOf(buildReport({ ...fixtureResults(), instrument: check }), 'load generator accuracy');

    expect(item.status).toBe('not_measured');
    expect(item.detail).toContain('vegeta did not run: vegeta is not on PATH');
  });

  it('adds up the stack at rest', () => {
    const atRest = { jaeger: 53, otelcol: 38.6, 'go-api': 14.1, 'dotnet-api': 53.5, 'ts-api': 106.7 };
    const report = buildReport({ ...fixtureResults(), stackAtRestMb: atRest });

    const item = itemOf(report, 'whole stack at rest');

    expect(item.measured).toBe('279 MB (265.9 MiB)');
    expect(item.status).toBe('met');
    expect(item.detail).toContain('jaeger 53.0, otelcol 38.6, go-api 14.1, dotnet-api 53.5, ts-api 106.7');
  });

  it('fails the stack at rest over 600 MB', () => {
    const atRest = { jaeger: 53, otelcol: 38.6, 'go-api': 14.1, 'dotnet-api': 53.5, 'ts-api': 500 };

    expect(itemOf(buildReport({ ...fixtureResults(), stackAtRestMb: atRest }), 'whole stack at rest').status).toBe('not_met');
  });

  it('does not measure a partial stack at rest', () => {
    const item = itemOf(buildReport({ ...fixtureResults(), stackAtRestMb: { jaeger: 53, otelcol: 38.6, 'go-api': 14.1 } }), 'whole stack at rest');

    expect(item.status).toBe('not_measured');
    expect(item.detail).toBe('this run did not start dotnet-api, ts-api');
  });

  it('does not measure the stack at rest without figures', () => {
    expect(itemOf(buildReport(fixtureResults()), 'whole stack at rest').status).toBe('not_measured');
  });

  it('never decides whether the run passed', () => {
    const report = buildReport(fixtureResults());

    expect(report.budget?.some((item) => item.status === 'not_met')).toBe(true);
    expect(report.passed).toBe(true);
  });
});

describe('budget table', () => {
  const report = buildReport(fixtureResults());

  it('is in report.md', () => {
    const markdown = renderMarkdown(report);

    expect(markdown).toContain('## Performance budget');
    expect(markdown).toContain('| item | target | measured | status | source |');
    expect(markdown).toContain('| memory per connection, go-api | <= 45 KiB | 6.14 KiB | met |');
  });

  it('is in report.html', () => {
    const html = renderHtml(report);

    expect(html).toContain('<h2>Performance budget</h2>');
    expect(html).toContain('<span class="failed">not met</span>');
  });
});
