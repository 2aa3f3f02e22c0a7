import { TraceParentFactory, validateTracestate } from './trace-context';

const traceparentFormat = /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/;

describe('TraceParentFactory', () => {
  it('creates version 00 traceparents with fresh ids', () => {
    const factory = new TraceParentFactory(0.5);
    const traceIds = new Set<string>();

    for (let i = 0; i < 5000; i++) {
      const trace = factory.next();
      expect(trace.header).toMatch(traceparentFormat);
      expect(trace.header).toBe(`00-${trace.traceId}-${trace.parentId}-${trace.sampled ? '01' : '00'}`);
      traceIds.add(trace.traceId);
    }

    expect(traceIds.size).toBe(5000);
  });

  it('sets the sampled flag for the configured share', () => {
    const factory = new TraceParentFactory(0.1);
    let sampled = 0;

    for (let i = 0; i < 20_000; i++) {
      if (factory.next().sampled) sampled++;
    }

    expect(sampled / 20_000).toBeGreaterThan(0.09);
    expect(sampled / 20_000).toBeLessThan(0.11);
  });

  it('samples nothing at ratio 0 and everything at ratio 1', () => {
    const never = new TraceParentFactory(0);
    const always = new TraceParentFactory(1);

    for (let i = 0; i < 1000; i++) {
      expect(never.next().header.endsWith('-00')).toBe(true);
      expect(always.next().header.endsWith('-01')).toBe(true);
    }
  });

  it('never returns an all-zero id', () => {
    let calls = 0;
    // The first fill is all zeros, later fills are all 0xab.
    const factory = new TraceParentFactory(0, (buffer) => {
      calls++;
      buffer.fill(calls === 1 ? 0 : 0xab);
    });

    const trace = factory.next();

    expect(calls).toBe(2);
    expect(trace.traceId).toBe('ab'.repeat(16));
    expect(trace.parentId).toBe('ab'.repeat(8));
  });

  it('rejects a sample ratio outside 0 to 1', () => {
    expect(() => new TraceParentFactory(1.5)).toThrow('between 0 and 1');
    expect(() => new TraceParentFactory(Number.NaN)).toThrow('between 0 and 1');
  });
});

describe('validateTracestate', () => {
  it('accepts W3C list members', () => {
    expect(validateTracestate('triad=bench')).toBeUndefined();
    expect(validateTracestate('triad=bench,vendor@tenant=a1:b2')).toBeUndefined();
  });

  it('rejects malformed members', () => {
    expect(validateTracestate('no-equals-sign')).toContain('not a valid key=value pair');
    expect(validateTracestate('Upper=1')).toContain('not a valid');
    expect(validateTracestate('k=')).toContain('not a valid');
    expect(validateTracestate(Array.from({ length: 33 }, (_, i) => `k${i}=v`).join(','))).toContain('maximum is 32');
  });
});
