export { fetchTrace, JaegerQueryError, type FetchTraceOptions } from './fetch-trace';
export {
  checkTraceShape,
  simulatedIoSpanName,
  type ServerSpanShape,
  type ServiceShape,
  type TraceExpectation,
  type TraceShapeResult,
} from './check-trace-shape';
export { spanBreakdown, type ServiceTime, type SpanBreakdown } from './span-breakdown';
export type { JaegerProcess, JaegerReference, JaegerResponse, JaegerSpan, JaegerTag, JaegerTrace } from './jaeger-model';
export { parentIds, serviceOf, tagValue } from './jaeger-model';
