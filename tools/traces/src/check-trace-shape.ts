import { parentIds, serviceOf, tagValue, type JaegerSpan, type JaegerTrace } from './jaeger-model';

/** The expected shape of a trace, for {@link checkTraceShape}. */
export interface TraceExpectation {
  /** The trace id that the caller sent in its `traceparent`. */
  traceId: string;
  /** Services that must each have a server span in the trace. */
  services: readonly string[];
  /**
   * The service that received the caller's request. The other expected
   * services are its backends (the leaves), whose server spans must have a
   * parent span in another service and a `simulated-io` span below them.
   * Default: the only service when there is one, else `ts-api`.
   */
  rootService?: string;
  /** The parent id of the caller's `traceparent`; the root server span must name it as parent. */
  callerSpanId?: string;
  /**
   * The `tracestate` that the caller sent. Jaeger returns an OTLP span's
   * trace state as the span tag `w3c.tracestate`; each expected server span
   * must carry it unchanged.
   */
  tracestate?: string;
}

/** The server span of one service, with the HTTP attributes the contract requires. */
export interface ServerSpanShape {
  spanId: string;
  operationName: string;
  method: string | undefined;
  route: string | undefined;
  statusCode: number | undefined;
  /** The `w3c.tracestate` tag, when Jaeger returned one. */
  tracestate: string | undefined;
}

/** The findings of {@link checkTraceShape} for one expected service. */
export interface ServiceShape {
  service: string;
  /** Whether any span of the service is in the trace. */
  present: boolean;
  serverSpan: ServerSpanShape | undefined;
  /** Whether the service is a backend (leaf) of the root service. */
  leaf: boolean;
  /** Whether a `simulated-io` span sits below the server span; undefined for the root service. */
  simulatedIo: boolean | undefined;
  /**
   * Whether the server span's parent resolves. A leaf's parent must be a span
   * of another service in the trace, and the root's parent must be
   * `callerSpanId`. Undefined for the root when no `callerSpanId` is given.
   */
  parentLinked: boolean | undefined;
}

/** The outcome of {@link checkTraceShape}: `ok` when `problems` is empty. */
export interface TraceShapeResult {
  ok: boolean;
  found: boolean;
  traceId: string | undefined;
  traceIdMatches: boolean;
  servicesPresent: string[];
  services: ServiceShape[];
  /** Whether every expected server span carries the expected tracestate; undefined when none was expected. */
  tracestateMatches: boolean | undefined;
  /** One sentence per deviation, for people. */
  problems: string[];
}

/** The span name of the simulated I/O wait, fixed by the contract. */
export const simulatedIoSpanName = 'simulated-io';

/**
 * Checks a trace from Jaeger against the shape that the services' contract
 * gives it. Each expected service needs a server span with HTTP attributes.
 * Each leaf's server span needs a parent in another process and a
 * `simulated-io` span below it. The trace id, and optionally the tracestate,
 * must be the caller's. An undefined trace gives a result with `found: false`.
 */
export function checkTraceShape(trace: JaegerTrace | undefined, expectation: TraceExpectation): TraceShapeResult {
  if (!trace) return notFound(expectation);

  const problems: string[] = [];
  const traceIdMatches = trace.traceID === expectation.traceId;
  if (!traceIdMatches) {
    problems.push(`trace id is ${trace.traceID}, expected ${expectation.traceId}`);
  }
  const rootService = expectation.rootService ?? defaultRootService(expectation.services);
  const services = expectation.services.map((service) =>
    checkService(trace, service, service !== rootService, expectation, problems),
  );
  const tracestateMatches =
    expectation.tracestate === undefined
      ? undefined
      : services.every((shape) => shape.serverSpan?.tracestate === expectation.tracestate);

  return {
    ok: problems.length === 0,
    found: true,
    traceId: trace.traceID,
    traceIdMatches,
    servicesPresent: presentServices(trace),
    services,
    tracestateMatches,
    problems,
  };
}

function checkService(
  trace: JaegerTrace,
  service: string,
  leaf: boolean,
  expectation: TraceExpectation,
  problems: string[],
): ServiceShape {
  const spans = trace.spans.filter((span) => serviceOf(trace, span) === service);
  const server = spans
    .filter((span) => tagValue(span, 'span.kind') === 'server')
    .sort((a, b) => a.startTime - b.startTime)[0];
  const shape: ServiceShape = {
    service,
    present: spans.length > 0,
    serverSpan: server && describeServerSpan(server),
    leaf,
    simulatedIo: undefined,
    parentLinked: undefined,
  };
  if (!server) {
    problems.push(spans.length ? `${service} has spans but no server span` : `${service} has no spans in the trace`);
    return shape;
  }

  checkHttpAttributes(service, shape.serverSpan, problems);
  if (leaf) {
    shape.simulatedIo = hasDescendant(trace, server, service, simulatedIoSpanName);
    if (!shape.simulatedIo) problems.push(`${service} has no ${simulatedIoSpanName} span below its server span`);
    shape.parentLinked = hasParentInOtherService(trace, server, service);
    if (!shape.parentLinked) {
      problems.push(`${service}'s server span has no parent span from another service in the trace`);
    }
  } else if (expectation.callerSpanId !== undefined) {
    shape.parentLinked = parentIds(server).includes(expectation.callerSpanId);
    if (!shape.parentLinked) {
      problems.push(`${service}'s server span does not name the caller's span ${expectation.callerSpanId} as parent`);
    }
  }
  if (expectation.tracestate !== undefined && shape.serverSpan?.tracestate !== expectation.tracestate) {
    const observed = shape.serverSpan?.tracestate;
    problems.push(
      observed === undefined
        ? `${service}'s server span has no tracestate, expected "${expectation.tracestate}"`
        : `${service}'s server span has tracestate "${observed}", expected "${expectation.tracestate}"`,
    );
  }
  return shape;
}

function describeServerSpan(span: JaegerSpan): ServerSpanShape {
  const method = tagValue(span, 'http.request.method');
  const route = tagValue(span, 'http.route');
  const statusCode = tagValue(span, 'http.response.status_code');
  const tracestate = tagValue(span, 'w3c.tracestate');
  return {
    spanId: span.spanID,
    operationName: span.operationName,
    method: typeof method === 'string' ? method : undefined,
    route: typeof route === 'string' ? route : undefined,
    statusCode: typeof statusCode === 'number' ? statusCode : undefined,
    tracestate: typeof tracestate === 'string' ? tracestate : undefined,
  };
}

function checkHttpAttributes(service: string, server: ServerSpanShape | undefined, problems: string[]): void {
  if (!server) return;
  if (server.method === undefined) problems.push(`${service}'s server span has no http.request.method`);
  if (server.route === undefined) problems.push(`${service}'s server span has no http.route`);
  if (server.statusCode === undefined) problems.push(`${service}'s server span has no http.response.status_code`);
}

function hasParentInOtherService(trace: JaegerTrace, span: JaegerSpan, service: string): boolean {
  return parentIds(span).some((parentId) => {
    const parent = trace.spans.find((candidate) => candidate.spanID === parentId);
    return parent !== undefined && serviceOf(trace, parent) !== service;
  });
}

// Searches the spans below `ancestor` that the same service emitted; the
// walk stops at process boundaries so that a backend's span never counts.
function hasDescendant(trace: JaegerTrace, ancestor: JaegerSpan, service: string, name: string): boolean {
  const pending = [ancestor.spanID];
  for (let spanId = pending.pop(); spanId !== undefined; spanId = pending.pop()) {
    const children = trace.spans.filter(
      (span) => parentIds(span).includes(spanId) && serviceOf(trace, span) === service,
    );
    if (children.some((child) => child.operationName === name)) return true;
    pending.push(...children.map((child) => child.spanID));
  }
  return false;
}

function presentServices(trace: JaegerTrace): string[] {
  const names = Object.values(trace.processes).map((process) => process.serviceName);
  return [...new Set(names)].sort();
}

function defaultRootService(services: readonly string[]): string | undefined {
  return services.length === 1 ? services[0] : 'ts-api';
}

function notFound(expectation: TraceExpectation): TraceShapeResult {
  return {
    ok: false,
    found: false,
    traceId: undefined,
    traceIdMatches: false,
    servicesPresent: [],
    services: [],
    tracestateMatches: expectation.tracestate === undefined ? undefined : false,
    problems: [`trace ${expectation.traceId} was not found in Jaeger`],
  };
}
