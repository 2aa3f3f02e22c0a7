import { createHistogram, decodeHistogram, encodeHistogram, percentilesOf, recordMillis, toHgrm } from './histogram';

describe('histogram', () => {
  it('reports percentiles in milliseconds', () => {
    const histogram = createHistogram();
    for (let ms = 1; ms <= 1000; ms++) {
      recordMillis(histogram, ms);
    }

    const percentiles = percentilesOf(histogram);

    expect(percentiles.count).toBe(1000);
    expect(percentiles.p50).toBeCloseTo(500, -1);
    expect(percentiles.p99).toBeCloseTo(990, -1);
    expect(percentiles.p999).toBeCloseTo(999, -1);
    expect(percentiles.max).toBeCloseTo(1000, -1);
  });

  it('clamps values above 60 s instead of failing', () => {
    const histogram = createHistogram();

    recordMillis(histogram, 120_000);

    expect(percentilesOf(histogram).max).toBeCloseTo(60_000, -2);
  });

  it('keeps its counts through encoding', () => {
    const histogram = createHistogram();
    recordMillis(histogram, 5);
    recordMillis(histogram, 50);

    const decoded = decodeHistogram(encodeHistogram(histogram));

    expect(decoded.totalCount).toBe(2);
    expect(percentilesOf(decoded).max).toBeCloseTo(50, 0);
  });

  it('formats an .hgrm percentile distribution in milliseconds', () => {
    const histogram = createHistogram();
    for (let i = 0; i < 100; i++) {
      recordMillis(histogram, 50);
    }

    const hgrm = toHgrm(encodeHistogram(histogram));

    expect(hgrm).toMatch(/^\s*Value\s+Percentile\s+TotalCount\s+1\/\(1-Percentile\)/);
    expect(hgrm).toContain('#[Mean');
    expect(hgrm).toContain('#[Max');
    expect(hgrm).toMatch(/\n\s+50\.0\d*\s+1\.0+\s+100/);
  });
});
