import { fixtureResults } from '../testing/fixture';
import { buildReport } from './build';
import type { RunResults } from './build';
import type { ScenarioReport } from './types';

function thresholdOf(results: RunResults, name: string) {
  const threshold = buildReport(results).thresholds.find((candidate) => candidate.name === name);
  if (threshold === undefined) {
    throw new Error(`no threshold named ${name}`);
  }
  return threshold;
}

function firstScenario(results: RunResults, kind: ScenarioReport['kind']): ScenarioReport {
  const scenario = results.scenarios.find((candidate) => candidate.kind === kind);
  if (scenario === undefined) {
    throw new Error(`fixture has no ${kind} scenario`);
  }
  return scenario;
}

describe('thresholds', () => {
  it('leave a traced run that falls behind to the tracing-cost table', () => {
    const results = fixtureResults();
    const latency = firstScenario(results, 'latency');
    const rate = latency.rate ?? 100;
    results.scenarios.push({
      ...latency,
      name: `tracing sampled ${latency.target} ${rate}/s`,
      kind: 'tracing',
      tracing: 'sampled',
      errors: { total: 40, by_class: { timeout: 40 } },
      achieved_rate: rate * 0.5,
      traces: { sampled: 50, found: 48, complete: 48 },
    });

    const report = buildReport(results);

    expect(thresholdOf(results, 'errors').passed).toBe(true);
    expect(thresholdOf(results, 'achieved rate').passed).toBe(true);
    expect(thresholdOf(results, 'traces found').passed).toBe(true);
    expect(report.traces.sampled).toBe(buildReport(fixtureResults()).traces.sampled);
    expect(report.passed).toBe(true);
  });

  it('all pass for a clean run', () => {
    const report = buildReport(fixtureResults());

    expect(report.thresholds.filter((threshold) => !threshold.passed)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it('fail on a single error in smoke', () => {
    const results = fixtureResults();
    const scenario = firstScenario(results, 'latency');
    scenario.errors = { total: 1, by_class: { status_500: 1 } };

    const threshold = thresholdOf(results, 'errors');

    expect(threshold.passed).toBe(false);
    expect(threshold.actual).toContain(scenario.name);
    expect(buildReport(results).passed).toBe(false);
  });

  it('allow errors under the share limit of larger profiles', () => {
    const results = fixtureResults();
    results.limits.maxErrorShare = 0.01;
    firstScenario(results, 'latency').errors = { total: 1, by_class: { timeout: 1 } };

    expect(thresholdOf(results, 'errors').passed).toBe(true);
  });

  it('fail when Jaeger misses a sampled trace', () => {
    const results = fixtureResults();
    firstScenario(results, 'latency').traces = { sampled: 5, found: 4, complete: 4 };

    const threshold = thresholdOf(results, 'traces found');

    expect(threshold.passed).toBe(false);
    expect(threshold.actual).toMatch(/^\d+ of \d+$/);
  });

  it('fail when no trace was sampled', () => {
    const results = fixtureResults();
    for (const scenario of results.scenarios) {
      scenario.traces = { sampled: 0, found: 0, complete: 0 };
    }

    expect(thresholdOf(results, 'traces found').passed).toBe(false);
  });

  it('fail when a found trace is incomplete', () => {
    const results = fixtureResults();
    firstScenario(results, 'connections').traces = { sampled: 3, found: 3, complete: 2 };

    expect(thresholdOf(results, 'traces complete').passed).toBe(false);
  });

  it('fail when an aggregate trace misses a backend', () => {
    const results = fixtureResults();
    firstScenario(results, 'aggregate').traces = { sampled: 5, found: 5, complete: 4 };

    expect(thresholdOf(results, 'aggregate traces').passed).toBe(false);
  });

  it('fail when the achieved rate falls short of the target', () => {
    const results = fixtureResults();
    const scenario = firstScenario(results, 'latency');
    scenario.achieved_rate = (scenario.rate ?? 0) * 0.5;

    const threshold = thresholdOf(results, 'achieved rate');

    expect(threshold.passed).toBe(false);
    expect(threshold.actual).toBe(`lowest 50% (${scenario.name})`);
  });

  it('fail when a plateau has too few memory samples', () => {
    const results = fixtureResults();
    firstScenario(results, 'connections').rss_mb = { median: null, min: null, max: null, samples: 0 };

    expect(thresholdOf(results, 'memory sampled').passed).toBe(false);
  });

  it('fail when a scenario completed no request', () => {
    const results = fixtureResults();
    firstScenario(results, 'aggregate').requests = 0;

    expect(thresholdOf(results, 'requests completed').passed).toBe(false);
  });

  it('leave out connection checks when no connections scenario ran', () => {
    const results = fixtureResults();
    results.scenarios = results.scenarios.filter((scenario) => scenario.kind !== 'connections');

    const names = buildReport(results).thresholds.map((threshold) => threshold.name);

    expect(names).not.toContain('memory sampled');
    expect(names).not.toContain('memory fit');
  });
});
