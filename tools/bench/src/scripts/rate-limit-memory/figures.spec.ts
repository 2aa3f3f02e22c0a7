import {
  bucketMemoryFigures,
  median,
  memorySamples,
  parseMetricValue,
  parseRateLimitRemaining,
} from './figures';

describe('median', () => {
  it('takes the middle of an odd count', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('leaves its input in place', () => {
    const values = [3, 1, 2];

    median(values);

    expect(values).toEqual([3, 1, 2]);
  });

  it('rejects no values', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('parseMetricValue', () => {
  const exposition = [
    '# HELP go_memstats_heap_alloc_bytes Number of heap bytes allocated and currently in use.',
    '# TYPE go_memstats_heap_alloc_bytes gauge',
    'go_memstats_heap_alloc_bytes 1.4733312e+07',
    'go_memstats_heap_alloc_bytes_total 99',
    'nodejs_heap_space_size_used_bytes{space="new"} 4242672',
    'nodejs_heap_size_used_bytes 27978128',
  ].join('\n');

  it('reads a value in exponent notation', () => {
    expect(parseMetricValue(exposition, 'go_memstats_heap_alloc_bytes')).toBe(14_733_312);
  });

  it('does not match a longer metric name', () => {
    expect(parseMetricValue('go_memstats_heap_alloc_bytes_total 99', 'go_memstats_heap_alloc_bytes')).toBeUndefined();
  });

  it('reads a plain integer value', () => {
    expect(parseMetricValue(exposition, 'nodejs_heap_size_used_bytes')).toBe(27_978_128);
  });

  it('returns undefined for a missing metric', () => {
    expect(parseMetricValue(exposition, 'dotnet_total_memory_bytes')).toBeUndefined();
  });
});

describe('parseRateLimitRemaining', () => {
  it('reads remaining from the RateLimit header', () => {
    expect(parseRateLimitRemaining('limit=1000, remaining=999, reset=1000')).toBe(999);
  });

  it('returns undefined without a header', () => {
    expect(parseRateLimitRemaining(undefined)).toBeUndefined();
  });

  it('returns undefined when remaining is absent', () => {
    expect(parseRateLimitRemaining('limit=1000, reset=1000')).toBeUndefined();
  });
});

describe('bucketMemoryFigures', () => {
  const phases = (before: number, after: number) => ({ before: memorySamples([before]), after: memorySamples([after]) });

  it('subtracts the control delta before dividing by the clients', () => {
    const figures = bucketMemoryFigures(phases(1000, 6000), phases(1000, 2000), 10);

    expect(figures.beforeBytes).toBe(1000);
    expect(figures.afterBytes).toBe(6000);
    expect(figures.deltaBytes).toBe(5000);
    expect(figures.perBucketBytes).toBe(500);
    expect(figures.controlDeltaBytes).toBe(1000);
    expect(figures.netPerBucketBytes).toBe(400);
  });

  it('uses the median of each round of samples', () => {
    const withLimiter = { before: memorySamples([10, 100, 20]), after: memorySamples([50, 60, 1000]) };
    const figures = bucketMemoryFigures(withLimiter, phases(0, 0), 1);

    expect(figures.beforeBytes).toBe(20);
    expect(figures.afterBytes).toBe(60);
  });

  it('reports a negative net figure when the control grew more', () => {
    const figures = bucketMemoryFigures(phases(0, 100), phases(0, 300), 100);

    expect(figures.netPerBucketBytes).toBe(-2);
  });
});
