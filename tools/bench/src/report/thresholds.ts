import type { ConnectionFit, ScenarioReport, ThresholdResult, TraceCounts } from './types';
import { formatPercent } from './format';

/** Limits a run must meet; they come from the profile. */
export interface ThresholdLimits {
  maxErrorShare: number;
  minAchievedShare: number;
  minRssSamples: number;
}

/**
 * Checks the run against the limits. Each check is one row of the report's
 * threshold table; any failed row makes the run exit non-zero.
 */
export function evaluateThresholds(
  scenarios: readonly ScenarioReport[],
  fits: readonly ConnectionFit[],
  traces: TraceCounts,
  limits: ThresholdLimits,
): ThresholdResult[] {
  // The tracing-cost runs send every request sampled at the top rate, which
  // may be more than a service can export. They measure that cost: their
  // errors and shortfall show in the tracing-cost table and the budget, and
  // do not fail the run.
  const judged = scenarios.filter((scenario) => scenario.kind !== 'tracing');
  const results = [
    checkRequestsSent(scenarios),
    checkErrors(judged, limits.maxErrorShare),
    checkAchievedRate(judged, limits.minAchievedShare),
    checkTracesFound(traces),
    checkTracesComplete(traces),
  ];
  if (scenarios.some((scenario) => scenario.kind === 'aggregate')) {
    results.push(checkAggregateTraces(scenarios));
  }
  if (scenarios.some((scenario) => scenario.kind === 'connections')) {
    results.push(checkMemorySampled(scenarios, limits.minRssSamples), checkFits(fits));
  }
  return results;
}

function checkRequestsSent(scenarios: readonly ScenarioReport[]): ThresholdResult {
  const idle = scenarios.filter((scenario) => scenario.requests === 0);
  return {
    name: 'requests completed',
    description: 'every scenario completed at least one request',
    limit: '> 0 in each scenario',
    actual: idle.length === 0 ? `${scenarios.length} scenarios` : `none in ${names(idle)}`,
    passed: scenarios.length > 0 && idle.length === 0,
  };
}

function checkErrors(scenarios: readonly ScenarioReport[], maxShare: number): ThresholdResult {
  const share = (scenario: ScenarioReport) => scenario.errors.total / Math.max(1, scenario.requests);
  const failing = scenarios.filter((scenario) => share(scenario) > maxShare);
  const total = scenarios.reduce((sum, scenario) => sum + scenario.errors.total, 0);
  const worst = [...scenarios].sort((a, b) => share(b) - share(a))[0];
  const actual =
    worst === undefined || worst.errors.total === 0
      ? '0 errors'
      : `${total} errors; worst ${worst.name}: ${worst.errors.total} of ${worst.requests} (${formatPercent(share(worst))})`;

  return {
    name: 'errors',
    description: 'failed requests (transport errors and non-2xx responses) per scenario, except the tracing-cost runs',
    limit: maxShare === 0 ? '0' : `<= ${formatPercent(maxShare)} of requests`,
    actual,
    passed: failing.length === 0,
  };
}

function checkAchievedRate(scenarios: readonly ScenarioReport[], minShare: number): ThresholdResult {
  const openModel = scenarios.filter((scenario) => scenario.rate !== undefined && scenario.rate > 0);
  const share = (scenario: ScenarioReport) => scenario.achieved_rate / (scenario.rate ?? 1);
  const worst = [...openModel].sort((a, b) => share(a) - share(b))[0];
  const actual =
    worst === undefined ? 'no open-model scenario' : `lowest ${formatPercent(share(worst))} (${worst.name})`;

  return {
    name: 'achieved rate',
    description: 'completed requests per second against the target rate, in each open-model scenario but the tracing-cost runs',
    limit: `>= ${formatPercent(minShare)} of target`,
    actual,
    passed: openModel.every((scenario) => share(scenario) >= minShare),
  };
}

function checkTracesFound(traces: TraceCounts): ThresholdResult {
  return {
    name: 'traces found',
    description: 'sampled trace ids that Jaeger returned',
    limit: '= sampled, sampled > 0',
    actual: `${traces.found} of ${traces.sampled}`,
    passed: traces.sampled > 0 && traces.found === traces.sampled,
  };
}

function checkTracesComplete(traces: TraceCounts): ThresholdResult {
  return {
    name: 'traces complete',
    description: 'found traces with the expected spans in each service and the right parent links',
    limit: '= found',
    actual: `${traces.complete} of ${traces.found}`,
    passed: traces.complete === traces.found,
  };
}

function checkAggregateTraces(scenarios: readonly ScenarioReport[]): ThresholdResult {
  const aggregate = scenarios.filter((scenario) => scenario.kind === 'aggregate');
  const sampled = aggregate.reduce((sum, scenario) => sum + scenario.traces.sampled, 0);
  const complete = aggregate.reduce((sum, scenario) => sum + scenario.traces.complete, 0);
  return {
    name: 'aggregate traces',
    description: 'sampled /api/aggregate traces that span ts-api, go-api and dotnet-api',
    limit: '= sampled, sampled > 0',
    actual: `${complete} of ${sampled}`,
    passed: sampled > 0 && complete === sampled,
  };
}

function checkMemorySampled(scenarios: readonly ScenarioReport[], minSamples: number): ThresholdResult {
  const connections = scenarios.filter((scenario) => scenario.kind === 'connections');
  const short = connections.filter((scenario) => (scenario.rss_mb?.samples ?? 0) < minSamples);
  const fewest = Math.min(...connections.map((scenario) => scenario.rss_mb?.samples ?? 0));
  return {
    name: 'memory sampled',
    description: 'VmRSS samples taken during each connections plateau',
    limit: `>= ${minSamples} per plateau`,
    actual: short.length === 0 ? `fewest ${fewest}` : `too few in ${names(short)}`,
    passed: short.length === 0,
  };
}

function checkFits(fits: readonly ConnectionFit[]): ThresholdResult {
  const invalid = fits.filter((fit) => !Number.isFinite(fit.slope_kb_per_connection));
  return {
    name: 'memory fit',
    description: 'least-squares fit of memory against connections for each service',
    limit: 'one finite slope per service',
    actual: `${fits.length - invalid.length} of ${fits.length} services`,
    passed: fits.length > 0 && invalid.length === 0,
  };
}

function names(scenarios: readonly ScenarioReport[]): string {
  return scenarios.map((scenario) => scenario.name).join(', ');
}
