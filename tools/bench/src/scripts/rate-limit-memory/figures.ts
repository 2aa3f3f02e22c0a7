/** Samples of one memory figure, in bytes, and their median. */
export interface MemorySamples {
  samples: number[];
  median: number;
}

/** One memory figure of a service process before and after the client requests. */
export interface MemoryPhases {
  before: MemorySamples;
  after: MemorySamples;
}

/**
 * The memory of the buckets, from a run with the limiter and a control run
 * without it. Byte counts are medians of samples. The per-bucket figures are
 * divided by the number of client addresses.
 */
export interface BucketMemoryFigures {
  beforeBytes: number;
  afterBytes: number;
  deltaBytes: number;
  perBucketBytes: number;
  controlDeltaBytes: number;
  /** (delta with the limiter − delta without it) / clients: the part the buckets cost. */
  netPerBucketBytes: number;
}

/** Returns the median of `values`; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new RangeError('median of no values');
  }

  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  if (sorted.length % 2 === 1) {
    return upper;
  }
  return ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** Wraps samples with their median. */
export function memorySamples(samples: readonly number[]): MemorySamples {
  return { samples: [...samples], median: median(samples) };
}

/**
 * Reads the value of an unlabelled sample from a Prometheus text exposition,
 * or undefined when the metric is absent. Values such as `1.4733312e+07`
 * are accepted.
 */
export function parseMetricValue(exposition: string, name: string): number | undefined {
  for (const line of exposition.split('\n')) {
    const [metric, value] = line.trim().split(/\s+/);
    if (metric === name && value !== undefined) {
      const parsed = Number(value);
      return Number.isNaN(parsed) ? undefined : parsed;
    }
  }
  return undefined;
}

/**
 * Reads `remaining` from a `RateLimit` header such as
 * `limit=1000, remaining=999, reset=1000`, or undefined when it is absent.
 */
export function parseRateLimitRemaining(header: string | undefined): number | undefined {
  const match = header === undefined ? null : /(?:^|[,;\s])remaining=(\d+)/.exec(header);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Computes the figures of one memory measure from the run with the limiter and the control run. */
export function bucketMemoryFigures(
  withLimiter: MemoryPhases,
  withoutLimiter: MemoryPhases,
  clients: number,
): BucketMemoryFigures {
  const deltaBytes = withLimiter.after.median - withLimiter.before.median;
  const controlDeltaBytes = withoutLimiter.after.median - withoutLimiter.before.median;
  return {
    beforeBytes: withLimiter.before.median,
    afterBytes: withLimiter.after.median,
    deltaBytes,
    perBucketBytes: deltaBytes / clients,
    controlDeltaBytes,
    netPerBucketBytes: (deltaBytes - controlDeltaBytes) / clients,
  };
}
