/**
 * The JSON that Jaeger's query API returns from `GET /api/traces/<trace-id>`
 * (the `structuredResponse` of Jaeger's HTTP handler, identical in v1 and v2).
 * Only the members that triad reads are typed.
 */

/** A span tag or process tag. */
export interface JaegerTag {
  key: string;
  type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  value: string | number | boolean;
}

/** A link from a span to another span; an OTLP parent becomes `CHILD_OF`. */
export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

/** One span. `startTime` and `duration` are in microseconds. */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: JaegerReference[];
  startTime: number;
  duration: number;
  tags: JaegerTag[];
  processID: string;
  warnings: string[] | null;
}

/** The emitting service of a group of spans. */
export interface JaegerProcess {
  serviceName: string;
  tags: JaegerTag[];
}

/** One trace: its spans, and the processes they refer to by `processID`. */
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings: string[] | null;
}

/** The envelope of every query API response. */
export interface JaegerResponse<T> {
  data: T | null;
  errors: { code: number; msg: string }[] | null;
}

/** Returns the value of a span's tag, or undefined when the span lacks it. */
export function tagValue(span: JaegerSpan, key: string): JaegerTag['value'] | undefined {
  return span.tags.find((tag) => tag.key === key)?.value;
}

/** Returns the service name of the process that emitted a span. */
export function serviceOf(trace: JaegerTrace, span: JaegerSpan): string | undefined {
  return trace.processes[span.processID]?.serviceName;
}

/** Returns the span ids that a span names as its parents (`CHILD_OF`). */
export function parentIds(span: JaegerSpan): string[] {
  return span.references.filter((ref) => ref.refType === 'CHILD_OF').map((ref) => ref.spanID);
}
