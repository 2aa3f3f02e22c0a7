import type { TraceSample } from '@triad/loadgen';
import type { JaegerSpan, JaegerTrace } from '@triad/traces';

import { expectedServices, slowRequest, spanBars } from './verify';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function span(spanID: string, parent: string | undefined, processID: string, name: string, start: number, duration: number, kind: string): JaegerSpan {
  return {
    traceID: TRACE_ID,
    spanID,
    operationName: name,
    references: parent === undefined ? [] : [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: parent }],
    startTime: start,
    duration,
    tags: [{ key: 'span.kind', type: 'string', value: kind }],
    processID,
    warnings: null,
  };
}

// An aggregate request: ts-api calls go-api and dotnet-api at once; times in microseconds.
// The load generator intended to send it 2 ms before ts-api's server span began.
const t0 = 1_733_318_400_000_000;
const aggregateTrace: JaegerTrace = {
  traceID: TRACE_ID,
  processes: {
    p1: { serviceName: 'ts-api', tags: [] },
    p2: { serviceName: 'go-api', tags: [] },
    p3: { serviceName: 'dotnet-api', tags: [] },
  },
  warnings: null,
  spans: [
    span('a1', '00f067aa0ba902b7', 'p1', 'GET /api/aggregate', t0, 60_000, 'server'),
    span('c1', 'a1', 'p1', 'GET', t0 + 1000, 53_000, 'client'),
    span('c2', 'a1', 'p1', 'GET', t0 + 1200, 55_000, 'client'),
    span('g1', 'c1', 'p2', 'GET /api/user', t0 + 2000, 51_000, 'server'),
    span('g2', 'g1', 'p2', 'simulated-io', t0 + 2200, 50_000, 'internal'),
    span('d1', 'c2', 'p3', 'GET /api/user', t0 + 2500, 54_000, 'server'),
    span('d2', 'd1', 'p3', 'simulated-io', t0 + 3000, 50_500, 'internal'),
  ],
};

const sample: TraceSample = {
  traceId: TRACE_ID,
  parentId: '00f067aa0ba902b7',
  intendedAt: 1_733_318_399_998,
  latencyMs: 64.5,
  serviceTimeMs: 62,
  outcome: 'ok',
};

describe('spanBars', () => {
  it('lays spans out depth-first from the root', () => {
    const bars = spanBars(aggregateTrace);

    expect(bars.map((bar) => `${bar.depth}:${bar.service}:${bar.name}`)).toEqual([
      '0:ts-api:GET /api/aggregate',
      '1:ts-api:GET',
      '2:go-api:GET /api/user',
      '3:go-api:simulated-io',
      '1:ts-api:GET',
      '2:dotnet-api:GET /api/user',
      '3:dotnet-api:simulated-io',
    ]);
  });

  it('times spans from the first span in milliseconds', () => {
    const bars = spanBars(aggregateTrace);

    expect(bars[0]).toEqual({ service: 'ts-api', name: 'GET /api/aggregate', start_ms: 0, duration_ms: 60, depth: 0 });
    expect(bars[3]?.start_ms).toBe(2.2);
    expect(bars[3]?.duration_ms).toBe(50);
  });
});

describe('slowRequest', () => {
  it('splits the latency into services, simulated-io and the rest', () => {
    const request = slowRequest(sample, aggregateTrace, 'http://127.0.0.1:16686');

    expect(request.jaeger_url).toBe(`http://127.0.0.1:16686/trace/${TRACE_ID}`);
    expect(request.found).toBe(true);
    // The two waits overlap from 3.0 ms to 52.2 ms, so their union runs from 2.2 to 53.5 ms.
    expect(request.breakdown?.simulated_io_ms).toBe(51.3);
    expect(request.breakdown?.services_ms['go-api']).toBe(1);
    expect(request.breakdown?.services_ms['dotnet-api']).toBe(3.5);
    expect(request.breakdown?.services_ms['ts-api']).toBe(4.8);
    expect(request.breakdown?.other_ms).toBe(3.9);
    expect(request.spans).toHaveLength(8);
    expect(request.spans?.[0]).toEqual({
      service: 'load generator',
      name: 'request from intended send',
      start_ms: 0,
      duration_ms: 64.5,
      depth: 0,
    });
    expect(request.spans?.[1]?.start_ms).toBe(2);
  });

  it('marks a trace that Jaeger did not return', () => {
    const request = slowRequest(sample, undefined, 'http://127.0.0.1:16686/');

    expect(request.found).toBe(false);
    expect(request.breakdown).toBeUndefined();
    expect(request.jaeger_url).toBe(`http://127.0.0.1:16686/trace/${TRACE_ID}`);
  });
});

describe('expectedServices', () => {
  it('expects all three services in an aggregate trace, ts-api first', () => {
    expect(expectedServices({ kind: 'aggregate', target: 'ts-api' })).toEqual(['ts-api', 'go-api', 'dotnet-api']);
  });

  it('expects only the target in a latency trace', () => {
    expect(expectedServices({ kind: 'latency', target: 'dotnet-api' })).toEqual(['dotnet-api']);
  });
});
