import { spanBreakdown } from './span-breakdown';
import { loadTrace } from './test-support/fixtures';

describe('spanBreakdown', () => {
  it('splits an aggregate trace by service', () => {
    const breakdown = spanBreakdown(loadTrace('aggregate-complete'));

    expect(breakdown.traceMs).toBeCloseTo(60, 0);
    expect(breakdown.services.map((time) => time.service)).toEqual(['ts-api', 'go-api', 'dotnet-api']);
    const [ts, go, dotnet] = breakdown.services;
    expect(ts).toMatchObject({ simulatedIoMs: 0 });
    expect(ts?.serverMs).toBeCloseTo(60, 0);
    expect(ts?.outboundMs).toBeCloseTo(56, 0);
    expect(ts?.ownMs).toBeCloseTo(4, 0);
    expect(go?.simulatedIoMs).toBeCloseTo(50, 0);
    expect(go?.ownMs).toBeCloseTo(2, 0);
    expect(dotnet?.serverMs).toBeCloseTo(53, 0);
  });

  it('counts concurrent simulated waits once', () => {
    const breakdown = spanBreakdown(loadTrace('aggregate-complete'));

    // The two backends' 50 ms waits overlap but for about 0.1 ms.
    expect(breakdown.simulatedIoMs).toBeGreaterThanOrEqual(50);
    expect(breakdown.simulatedIoMs).toBeLessThan(51);
    expect(breakdown.restMs).toBeCloseTo(breakdown.traceMs - breakdown.simulatedIoMs, 6);
  });

  it('gives zeros for a trace without spans', () => {
    const breakdown = spanBreakdown({ traceID: '0'.repeat(32), spans: [], processes: {}, warnings: null });

    expect(breakdown).toEqual({ traceMs: 0, simulatedIoMs: 0, restMs: 0, services: [] });
  });
});
