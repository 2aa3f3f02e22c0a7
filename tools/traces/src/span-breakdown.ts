import { simulatedIoSpanName } from './check-trace-shape';
import { serviceOf, tagValue, type JaegerSpan, type JaegerTrace } from './jaeger-model';

/** The time one service spent in a trace, in milliseconds. */
export interface ServiceTime {
  service: string;
  /** Time covered by the service's server spans. */
  serverMs: number;
  /** Time covered by the service's `simulated-io` spans. */
  simulatedIoMs: number;
  /** Time covered by the service's client spans (waiting for other services). */
  outboundMs: number;
  /** Server time that is neither simulated I/O nor waiting for other services. */
  ownMs: number;
}

/** The time of one trace split by where it went, in milliseconds. */
export interface SpanBreakdown {
  /** From the first span's start to the last span's end. */
  traceMs: number;
  /** Time during which at least one `simulated-io` span ran, in any service. */
  simulatedIoMs: number;
  /** `traceMs` minus `simulatedIoMs`: framework, network and telemetry overhead. */
  restMs: number;
  /** One entry per service, in the order of their first span. */
  services: ServiceTime[];
}

interface Interval {
  start: number;
  end: number;
}

/**
 * Splits a trace's duration into time per service, time in simulated I/O and
 * the rest. Concurrent spans are counted once (as the union of their
 * intervals), so two backends waiting at the same time add up to one wait.
 */
export function spanBreakdown(trace: JaegerTrace): SpanBreakdown {
  const all = trace.spans.map(toInterval);
  const traceMs = all.length ? (Math.max(...all.map((i) => i.end)) - Math.min(...all.map((i) => i.start))) / 1000 : 0;
  const simulatedIoMs = coveredMs(trace.spans.filter(isSimulatedIo).map(toInterval));

  return {
    traceMs,
    simulatedIoMs,
    restMs: traceMs - simulatedIoMs,
    services: servicesInOrder(trace).map((service) => serviceTime(trace, service)),
  };
}

function serviceTime(trace: JaegerTrace, service: string): ServiceTime {
  const spans = trace.spans.filter((span) => serviceOf(trace, span) === service);
  const serverMs = coveredMs(spans.filter((span) => kindOf(span) === 'server').map(toInterval));
  const simulatedIoMs = coveredMs(spans.filter(isSimulatedIo).map(toInterval));
  const outboundMs = coveredMs(spans.filter((span) => kindOf(span) === 'client').map(toInterval));
  return {
    service,
    serverMs,
    simulatedIoMs,
    outboundMs,
    ownMs: Math.max(0, serverMs - simulatedIoMs - outboundMs),
  };
}

function servicesInOrder(trace: JaegerTrace): string[] {
  const byStart = [...trace.spans].sort((a, b) => a.startTime - b.startTime);
  const names = byStart.map((span) => serviceOf(trace, span)).filter((name) => name !== undefined);
  return [...new Set(names)];
}

function isSimulatedIo(span: JaegerSpan): boolean {
  return span.operationName === simulatedIoSpanName;
}

function kindOf(span: JaegerSpan): unknown {
  return tagValue(span, 'span.kind');
}

function toInterval(span: JaegerSpan): Interval {
  return { start: span.startTime, end: span.startTime + span.duration };
}

// Returns the length of the union of intervals given in microseconds, in milliseconds.
function coveredMs(intervals: Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let current: Interval | undefined;
  for (const interval of sorted) {
    if (current && interval.start <= current.end) {
      current.end = Math.max(current.end, interval.end);
      continue;
    }
    if (current) total += current.end - current.start;
    current = { ...interval };
  }
  if (current) total += current.end - current.start;
  return total / 1000;
}
