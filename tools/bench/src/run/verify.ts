import type { SampledTraces, TraceSample } from '@triad/loadgen';
import {
  checkTraceShape,
  fetchTrace,
  spanBreakdown,
  serviceOf,
  type JaegerSpan,
  type JaegerTrace,
} from '@triad/traces';

import type { ScenarioReport, SlowRequest, SpanBar, TraceCounts } from '../report/types';

/** Largest number of spans drawn in one waterfall. */
const MAX_WATERFALL_SPANS = 40;
const LOOKUPS_IN_PARALLEL = 8;

/** The outcome of looking up a scenario's sampled traces. */
export interface TraceVerification {
  traces: TraceCounts;
  slowest: SlowRequest[];
  /** One line per trace that was missing or incomplete, for the terminal. */
  problems: string[];
}

/** Options of {@link verifyTraces}. */
export interface VerifyOptions {
  jaegerUrl: string;
  /** Slowest requests to break down in the report. */
  slowestCount: number;
  /** The look-ups give up at this time (Unix ms), so one missing trace cannot stall the run. */
  deadline: number;
  signal?: AbortSignal;
}

/** Returns the services a scenario's traces must span, the first being the one that received the request. */
export function expectedServices(scenario: Pick<ScenarioReport, 'kind' | 'target'>): string[] {
  return scenario.kind === 'aggregate' ? ['ts-api', 'go-api', 'dotnet-api'] : [scenario.target];
}

/**
 * Looks up each kept trace id of a scenario in Jaeger and checks its shape:
 * server spans in the expected services, parent links to the caller and
 * across services, and simulated-io below each backend. The slowest requests
 * are broken down by where their time went.
 */
export async function verifyTraces(
  scenario: Pick<ScenarioReport, 'kind' | 'target' | 'name'>,
  samples: SampledTraces,
  options: VerifyOptions,
): Promise<TraceVerification> {
  const services = expectedServices(scenario);
  const slowest = samples.slowest.slice(0, options.slowestCount);
  const lookups = uniqueSamples([...slowest, ...samples.first]);
  const found = new Map<string, JaegerTrace>();
  const problems: string[] = [];
  let complete = 0;

  await forEachLimited(lookups, LOOKUPS_IN_PARALLEL, async (sample) => {
    const trace = await fetchTrace(options.jaegerUrl, sample.traceId, {
      timeoutMs: Math.max(1000, options.deadline - Date.now()),
      expectServices: services,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const shape = checkTraceShape(trace, {
      traceId: sample.traceId,
      services,
      rootService: services[0] ?? scenario.target,
      callerSpanId: sample.parentId,
    });
    if (trace !== undefined) {
      found.set(sample.traceId, trace);
    }
    if (shape.ok) {
      complete++;
      return;
    }
    const reason = trace === undefined ? 'not found in Jaeger' : shape.problems.join('; ');
    problems.push(`${scenario.name}: trace ${sample.traceId}: ${reason}`);
  });

  return {
    traces: { sampled: lookups.length, found: found.size, complete },
    slowest: slowest.map((sample) => slowRequest(sample, found.get(sample.traceId), options.jaegerUrl)),
    problems,
  };
}

function uniqueSamples(samples: TraceSample[]): TraceSample[] {
  const seen = new Set<string>();
  return samples.filter((sample) => {
    if (seen.has(sample.traceId)) {
      return false;
    }
    seen.add(sample.traceId);
    return true;
  });
}

/** Builds the report entry of a slow request; the breakdown and spans come from its trace when Jaeger had it. */
export function slowRequest(sample: TraceSample, trace: JaegerTrace | undefined, jaegerUrl: string): SlowRequest {
  const request: SlowRequest = {
    trace_id: sample.traceId,
    latency_ms: round2(sample.latencyMs),
    jaeger_url: new URL(`trace/${sample.traceId}`, jaegerUrl.endsWith('/') ? jaegerUrl : `${jaegerUrl}/`).href,
    found: trace !== undefined,
  };
  if (trace === undefined || trace.spans.length === 0) {
    return request;
  }

  const breakdown = spanBreakdown(trace);
  const servicesMs: Record<string, number> = {};
  for (const service of breakdown.services) {
    servicesMs[service.service] = round2(service.ownMs);
  }
  const inServices = Object.values(servicesMs).reduce((sum, value) => sum + value, 0);
  request.breakdown = {
    total_ms: round2(sample.latencyMs),
    services_ms: servicesMs,
    simulated_io_ms: round2(breakdown.simulatedIoMs),
    other_ms: round2(sample.latencyMs - breakdown.simulatedIoMs - inServices),
  };
  request.spans = spanBars(trace, sample);
  return request;
}

/** Service name of the waterfall bar that shows the request as the load generator measured it. */
export const CLIENT_BAR_SERVICE = 'load generator';

/**
 * Lays a trace's spans out for a waterfall: depth-first from the roots. With a
 * sample, a first bar shows the client-measured latency from the intended send
 * time. It lines up with the spans because the generator and the services read
 * the same clock. Times are relative to the earliest bar.
 */
export function spanBars(trace: JaegerTrace, sample?: TraceSample): SpanBar[] {
  const byId = new Map(trace.spans.map((span) => [span.spanID, span]));
  const children = new Map<string, JaegerSpan[]>();
  const roots: JaegerSpan[] = [];
  for (const span of trace.spans) {
    const parent = span.references.find((reference) => reference.refType === 'CHILD_OF' && byId.has(reference.spanID));
    if (parent === undefined) {
      roots.push(span);
      continue;
    }
    children.set(parent.spanID, [...(children.get(parent.spanID) ?? []), span]);
  }

  const clientStart = sample === undefined ? Number.POSITIVE_INFINITY : sample.intendedAt * 1000;
  const origin = Math.min(clientStart, ...trace.spans.map((span) => span.startTime));
  const bars: SpanBar[] = [];
  if (sample !== undefined) {
    bars.push({
      service: CLIENT_BAR_SERVICE,
      name: 'request from intended send',
      start_ms: round2((clientStart - origin) / 1000),
      duration_ms: round2(sample.latencyMs),
      depth: 0,
    });
  }
  const visit = (span: JaegerSpan, depth: number) => {
    if (bars.length >= MAX_WATERFALL_SPANS) {
      return;
    }
    bars.push({
      service: serviceOf(trace, span) ?? 'unknown',
      name: span.operationName,
      start_ms: round2((span.startTime - origin) / 1000),
      duration_ms: round2(span.duration / 1000),
      depth,
    });
    const ordered = [...(children.get(span.spanID) ?? [])].sort((a, b) => a.startTime - b.startTime);
    for (const child of ordered) {
      visit(child, depth + 1);
    }
  };
  for (const root of [...roots].sort((a, b) => a.startTime - b.startTime)) {
    visit(root, 0);
  }
  return bars;
}

async function forEachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) {
        await task(item);
      }
    }
  });
  await Promise.all(runners);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
