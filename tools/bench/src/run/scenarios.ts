import {
  constantRate,
  runClosedLoad,
  runOpenLoad,
  type LoadProgress,
  type LoadResult,
  type Percentiles as LoadPercentiles,
  type SampledTraces,
} from '@triad/loadgen';

import { median } from '../report/fit';
import type { Percentiles, RssFigures, ScenarioKind, ScenarioReport, ServiceName, TracingMode } from '../report/types';
import type { Output } from './output';
import { CpuMeter } from './proc';
import type { Profile } from './profiles';
import { ProgressLine } from './progress';

/** One scenario to run: what to load, how hard and for how long. */
export interface ScenarioPlan {
  name: string;
  kind: ScenarioKind;
  target: ServiceName;
  route: string;
  /** Full URL of each request, query included. */
  url: string;
  rate?: number;
  connections?: number;
  durationMs: number;
  simulatedIoMs: number;
  /** Share of requests with the sampled flag; the profile's trace sample rate when absent. */
  sampleRatio?: number;
  /** Tracing of the target, for tracing-cost scenarios. */
  tracing?: TracingMode;
  /** Runtime of the target, for runtime scenarios. */
  serviceRuntime?: string;
}

/** A scenario's measurements and the trace ids kept for verification. */
export interface ScenarioRun {
  report: ScenarioReport;
  samples: SampledTraces;
}

/** Inputs of a scenario from the running stack and the command. */
export interface ScenarioContext {
  profile: Profile;
  output: Output;
  /** Pid of the target service, for its CPU time and resident memory. */
  pid: number;
  /** Reads the target's resident memory in bytes; undefined once the process is gone. */
  residentMemory: (pid: number) => number | undefined;
  signal: AbortSignal;
}

/** Returns the URL of one request to a route with a fixed, valid user id. */
export function scenarioUrl(baseUrl: string, route: string): string {
  const url = new URL(route, baseUrl);
  url.searchParams.set('user_id', 'bench-user');
  return url.href;
}

/** Runs a scenario with the load generator and turns its result into a report entry (traces still unchecked). */
export async function runScenario(plan: ScenarioPlan, context: ScenarioContext): Promise<ScenarioRun> {
  const progress = new ProgressLine(context.output, plan.name);
  const cpu = new CpuMeter(context.pid);
  let rss: RssFigures | undefined;
  try {
    const result =
      plan.connections === undefined
        ? await runOpenLoad({ ...commonOptions(plan, context, progress), stages: constantRate(plan.rate ?? 1, plan.durationMs) })
        : await runClosedLoad({
            ...commonOptions(plan, context, progress),
            connections: plan.connections,
            durationMs: plan.durationMs,
            rampRate: context.profile.connectionRampRate,
            onPlateau: async () => {
              rss = await sampleResidentMemory(context, plan.durationMs);
            },
          });
    const report = toScenarioReport(plan, result, cpu.stop());
    if (plan.kind === 'connections') {
      report.rss_mb = rss ?? { median: null, min: null, max: null, samples: 0 };
    }
    return { report, samples: result.sampledTraces };
  } finally {
    progress.end();
  }
}

function commonOptions(plan: ScenarioPlan, context: ScenarioContext, progress: ProgressLine) {
  const profile = context.profile;
  // A closed-model load first opens its connections, then keeps them busy for the plateau.
  const rampMs = plan.connections === undefined ? 0 : (plan.connections / profile.connectionRampRate) * 1000;
  return {
    url: plan.url,
    // A request holds for the simulated wait, plus queueing when the service falls behind.
    timeoutMs: plan.simulatedIoMs * 2 + 5000,
    sampleRatio: plan.sampleRatio ?? profile.traceSampleRate,
    traceSampleLimits: {
      first: Math.max(0, profile.maxTracesPerScenario - profile.slowestPerScenario),
      slowest: profile.slowestPerScenario,
    },
    progressIntervalMs: 500,
    signal: context.signal,
    onProgress: (update: LoadProgress) => {
      progress.update({
        elapsedMs: update.elapsedMs,
        plannedMs: rampMs + plan.durationMs,
        achievedRate: update.achievedRate,
        p99Ms: update.p99Ms,
        errors: update.errors,
        phase: update.phase,
      });
    },
  };
}

/**
 * Samples VmRSS of the target during a plateau, about 20 times, and returns
 * the median with the range. Memory is in MiB.
 */
export async function sampleResidentMemory(
  context: Pick<ScenarioContext, 'pid' | 'residentMemory' | 'signal'>,
  durationMs: number,
): Promise<RssFigures> {
  const intervalMs = Math.max(100, Math.floor(durationMs / 20));
  const samples: number[] = [];
  const endAt = Date.now() + durationMs - intervalMs / 2;
  while (Date.now() < endAt && !context.signal.aborted) {
    const bytes = context.residentMemory(context.pid);
    if (bytes !== undefined) {
      samples.push(bytes / 1024 / 1024);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  if (samples.length === 0) {
    return { median: null, min: null, max: null, samples: 0 };
  }
  return {
    median: round2(median(samples)),
    min: round2(Math.min(...samples)),
    max: round2(Math.max(...samples)),
    samples: samples.length,
  };
}

function toScenarioReport(plan: ScenarioPlan, result: LoadResult, cpu: ScenarioReport['cpu']): ScenarioReport {
  const report: ScenarioReport = {
    name: plan.name,
    kind: plan.kind,
    target: plan.target,
    route: plan.route,
    simulated_io_ms: plan.simulatedIoMs,
    duration_s: round2(result.durationMs / 1000),
    requests: result.requests.sent,
    errors: { total: result.errors.total, by_class: result.errors.byClass },
    latency_ms: percentiles(result.latency),
    service_time_ms: percentiles(result.serviceTime),
    achieved_rate: round2(result.achievedRate),
    throughput: round2(result.throughput),
    late_sends: result.lateSends.count,
    traces: { sampled: 0, found: 0, complete: 0 },
    slowest: [],
  };
  if (plan.rate !== undefined) {
    report.rate = plan.rate;
  }
  if (plan.connections !== undefined) {
    report.connections = plan.connections;
  }
  if (plan.serviceRuntime !== undefined) {
    report.service_runtime = plan.serviceRuntime;
  }
  if (cpu !== undefined) {
    report.cpu = cpu;
  }
  if (plan.tracing !== undefined) {
    report.tracing = plan.tracing;
  }
  return report;
}

function percentiles(source: LoadPercentiles): Percentiles {
  return {
    p50: round2(source.p50),
    p90: round2(source.p90),
    p95: round2(source.p95),
    p99: round2(source.p99),
    p999: round2(source.p999),
    max: round2(source.max),
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
