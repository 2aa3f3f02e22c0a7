import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkTraceShape, type TraceExpectation } from './check-trace-shape';
import type { JaegerResponse, JaegerTrace } from './jaeger-model';
import { loadTrace } from './test-support/fixtures';

const services = ['ts-api', 'go-api', 'dotnet-api'];
const callerSpanId = '00f067aa0ba902b7';
const tracestate = 'triad=t61rcWkgMzE,congo=ucfJifl5GOE';

function expectationFor(traceId: string, overrides: Partial<TraceExpectation> = {}): TraceExpectation {
  return { traceId, services, callerSpanId, tracestate, ...overrides };
}

describe('checkTraceShape', () => {
  it('accepts a complete aggregate trace', () => {
    const trace = loadTrace('aggregate-complete');

    const result = checkTraceShape(trace, expectationFor(trace.traceID));

    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.found).toBe(true);
    expect(result.traceIdMatches).toBe(true);
    expect(result.tracestateMatches).toBe(true);
    expect(result.servicesPresent).toEqual(['dotnet-api', 'go-api', 'ts-api']);
  });

  it('describes each server span', () => {
    const trace = loadTrace('aggregate-complete');

    const result = checkTraceShape(trace, expectationFor(trace.traceID));
    const [ts, go, dotnet] = result.services;

    expect(ts).toMatchObject({ service: 'ts-api', leaf: false, parentLinked: true, simulatedIo: undefined });
    expect(ts?.serverSpan).toMatchObject({ method: 'GET', route: '/api/aggregate', statusCode: 200 });
    expect(go).toMatchObject({ service: 'go-api', leaf: true, parentLinked: true, simulatedIo: true });
    expect(go?.serverSpan).toMatchObject({ operationName: 'GET /api/user', route: '/api/user', tracestate });
    expect(dotnet).toMatchObject({ service: 'dotnet-api', leaf: true, parentLinked: true, simulatedIo: true });
  });

  it('reports a missing service', () => {
    const trace = loadTrace('aggregate-without-dotnet');

    const result = checkTraceShape(trace, expectationFor(trace.traceID));

    expect(result.ok).toBe(false);
    expect(result.servicesPresent).toEqual(['go-api', 'ts-api']);
    expect(result.problems).toEqual(['dotnet-api has no spans in the trace']);
    expect(result.tracestateMatches).toBe(false);
  });

  it('reports a missing simulated-io span', () => {
    const trace = loadTrace('aggregate-without-go-simulated-io');

    const result = checkTraceShape(trace, expectationFor(trace.traceID));

    expect(result.problems).toEqual(['go-api has no simulated-io span below its server span']);
    expect(result.services[1]?.simulatedIo).toBe(false);
  });

  it('reports a parent link that does not resolve', () => {
    const trace = loadTrace('aggregate-broken-parent-link');

    const result = checkTraceShape(trace, expectationFor(trace.traceID));

    expect(result.problems).toEqual(["dotnet-api's server span has no parent span from another service in the trace"]);
    expect(result.services[2]?.parentLinked).toBe(false);
  });

  it('reports a root span without the caller as parent', () => {
    const trace = loadTrace('aggregate-complete');

    const result = checkTraceShape(trace, expectationFor(trace.traceID, { callerSpanId: 'b7ad6b7169203331' }));

    expect(result.problems).toEqual(["ts-api's server span does not name the caller's span b7ad6b7169203331 as parent"]);
  });

  it('reports a trace id other than the one sent', () => {
    const trace = loadTrace('aggregate-complete');
    const sent = '4bf92f3577b34da6a3ce929d0e0e4736';

    const result = checkTraceShape(trace, expectationFor(sent));

    expect(result.traceIdMatches).toBe(false);
    expect(result.problems).toEqual([`trace id is ${trace.traceID}, expected ${sent}`]);
  });

  it('reports a tracestate that changed', () => {
    const trace = loadTrace('aggregate-complete');

    const result = checkTraceShape(trace, expectationFor(trace.traceID, { tracestate: 'triad=other' }));

    expect(result.tracestateMatches).toBe(false);
    expect(result.problems).toHaveLength(3);
    expect(result.problems[0]).toBe(`ts-api's server span has tracestate "${tracestate}", expected "triad=other"`);
  });

  it('skips the tracestate check when none is expected', () => {
    const trace = loadTrace('aggregate-complete');

    const result = checkTraceShape(trace, expectationFor(trace.traceID, { tracestate: undefined }));

    expect(result.ok).toBe(true);
    expect(result.tracestateMatches).toBeUndefined();
  });

  it('checks a single service as its own root', () => {
    const trace = loadTrace('aggregate-complete');

    const result = checkTraceShape(trace, { traceId: trace.traceID, services: ['go-api'] });

    expect(result.ok).toBe(true);
    expect(result.services[0]).toMatchObject({ leaf: false, simulatedIo: undefined, parentLinked: undefined });
  });

  it('reports a trace that was not found', () => {
    const result = checkTraceShape(undefined, expectationFor('4bf92f3577b34da6a3ce929d0e0e4736'));

    expect(result.found).toBe(false);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(['trace 4bf92f3577b34da6a3ce929d0e0e4736 was not found in Jaeger']);
  });
});

describe('checkTraceShape on a trace of the real services', () => {
  // Recorded from `triad stack up`: GET /api/aggregate on ts-api with the
  // caller's traceparent and tracestate.
  const response = JSON.parse(
    readFileSync(join(__dirname, 'fixtures', 'services-aggregate.json'), 'utf8'),
  ) as JaegerResponse<JaegerTrace[]>;
  const trace = response.data?.[0];

  it('accepts the aggregate trace', () => {
    const result = checkTraceShape(trace, expectationFor(trace?.traceID ?? ''));

    expect(result.problems).toEqual([]);
    expect(result.tracestateMatches).toBe(true);
  });

  it('finds simulated-io below intermediate spans', () => {
    const result = checkTraceShape(trace, expectationFor(trace?.traceID ?? ''));

    expect(result.services.map((shape) => [shape.service, shape.serverSpan?.operationName, shape.simulatedIo])).toEqual([
      ['ts-api', 'GET /api/aggregate', undefined],
      ['go-api', 'GET /api/user', true],
      ['dotnet-api', 'GET /api/user', true],
    ]);
  });
});
