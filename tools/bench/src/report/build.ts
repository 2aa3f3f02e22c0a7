import { evaluateBudget } from './budget';
import { fitLine } from './fit';
import { round } from './format';
import { evaluateThresholds, type ThresholdLimits } from './thresholds';
import { buildTracingCost, type SpanDrops } from './tracing-cost';
import {
  REPORT_SCHEMA_ID,
  SERVICE_NAMES,
  type BenchReport,
  type ConnectionFit,
  type ImageSize,
  type InstrumentCheck,
  type MemorySource,
  type MachineInfo,
  type ProfileName,
  type RunSettings,
  type RuntimeName,
  type ScenarioReport,
  type ServiceName,
  type TraceCounts,
} from './types';

/** Measurements of a run, before fits and thresholds are computed from them. */
export interface RunResults {
  profile: ProfileName;
  runtime: RuntimeName;
  startedAt: Date;
  finishedAt: Date;
  settings: RunSettings;
  machine: MachineInfo;
  scenarios: ScenarioReport[];
  /** Resident memory of each service at rest, in MiB, measured before its connections scenario. */
  idleRssMb: Partial<Record<ServiceName, number>>;
  limits: ThresholdLimits;
  notes: string[];
  memorySource: MemorySource;
  /** The images a container run used. */
  images?: ImageSize[];
  /** Memory of each part of the stack at rest, in MiB. */
  stackAtRestMb?: Record<string, number>;
  instrument?: InstrumentCheck;
  /** Spans dropped during the sampled tracing-cost runs; absent when the run had none. */
  spanDrops?: SpanDrops;
}

/**
 * Builds report.json from a run: adds the memory fits, the trace totals, the
 * thresholds, the tracing cost and the performance budget.
 */
export function buildReport(results: RunResults): BenchReport {
  const fits = fitConnections(results.scenarios, results.idleRssMb);
  // A traced tracing-cost run may lose spans in a service's full export queue,
  // and that loss is what it measures. Its traces are therefore counted in the
  // tracing-cost table and left out of the totals that the thresholds check.
  const traces = sumTraces(results.scenarios.filter((scenario) => scenario.kind !== 'tracing'));
  const thresholds = evaluateThresholds(results.scenarios, fits, traces, results.limits);
  const tracingCost = buildTracingCost(results.scenarios, results.spanDrops);

  const report: Omit<BenchReport, 'budget'> = {
    schema: REPORT_SCHEMA_ID,
    generated_at: results.finishedAt.toISOString(),
    profile: results.profile,
    runtime: results.runtime,
    duration_s: round((results.finishedAt.getTime() - results.startedAt.getTime()) / 1000, 1),
    passed: thresholds.every((threshold) => threshold.passed),
    settings: results.settings,
    machine: results.machine,
    scenarios: results.scenarios,
    connection_fits: fits,
    traces,
    thresholds,
    notes: results.notes,
    memory_source: results.memorySource,
    ...(results.images === undefined ? {} : { images: results.images }),
    ...(results.stackAtRestMb === undefined ? {} : { stack_at_rest_mb: results.stackAtRestMb }),
    ...(results.instrument === undefined ? {} : { instrument: results.instrument }),
    ...(tracingCost === undefined ? {} : { tracing_cost: tracingCost }),
  };
  return { ...report, budget: evaluateBudget(report) };
}

/**
 * Fits resident memory against connections for each service that has
 * memory figures for at least two connection counts. A service with fewer
 * gets no fit, which the `memory fit` threshold reports.
 */
export function fitConnections(
  scenarios: readonly ScenarioReport[],
  idleRssMb: Partial<Record<ServiceName, number>> = {},
): ConnectionFit[] {
  const fits: ConnectionFit[] = [];
  for (const service of SERVICE_NAMES) {
    const points = scenarios
      .filter((scenario) => scenario.kind === 'connections' && scenario.target === service)
      .flatMap((scenario) =>
        scenario.connections !== undefined && scenario.rss_mb?.median != null
          ? [{ connections: scenario.connections, rss_mb: scenario.rss_mb.median }]
          : [],
      )
      .sort((a, b) => a.connections - b.connections);
    if (new Set(points.map((point) => point.connections)).size < 2) {
      continue;
    }

    const line = fitLine(points.map((point) => ({ x: point.connections, y: point.rss_mb })));
    const fit: ConnectionFit = {
      service,
      points,
      slope_kb_per_connection: round(line.slope * 1024, 2),
      intercept_mb: round(line.intercept, 2),
      r2: round(line.r2, 4),
    };
    const idle = idleRssMb[service];
    if (idle !== undefined) {
      fit.idle_rss_mb = round(idle, 2);
    }
    fits.push(fit);
  }
  return fits;
}

/** Adds up the trace look-ups of all scenarios. */
export function sumTraces(scenarios: readonly ScenarioReport[]): TraceCounts {
  return scenarios.reduce(
    (total, scenario) => ({
      sampled: total.sampled + scenario.traces.sampled,
      found: total.found + scenario.traces.found,
      complete: total.complete + scenario.traces.complete,
    }),
    { sampled: 0, found: 0, complete: 0 },
  );
}
