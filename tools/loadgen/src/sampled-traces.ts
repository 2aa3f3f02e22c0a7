/** A sampled request whose trace the services exported, kept so it can be looked up in Jaeger. */
export interface TraceSample {
  traceId: string;
  /** The parent id sent in `traceparent`: the span id that the server's root span points to. */
  parentId: string;
  /** Intended send time, Unix time in milliseconds. */
  intendedAt: number;
  /** Latency from the intended send time, in milliseconds. */
  latencyMs: number;
  /** Time from the actual send to the end of the response, in milliseconds. */
  serviceTimeMs: number;
  /** `ok`, or the error class of a failed request. */
  outcome: string;
}

/** Bounds of the sampled-trace list. */
export interface TraceSampleLimits {
  /** The first sampled requests in send order. */
  first: number;
  /** The sampled requests with the highest latency. */
  slowest: number;
}

/** The trace ids kept from a run: the first ones sent and the slowest ones. */
export interface SampledTraces {
  /** All requests sent with the sampled flag, including those not kept. */
  sampledRequests: number;
  first: TraceSample[];
  /** Sorted by latency, slowest first. */
  slowest: TraceSample[];
}

/** Keeps a bounded list of sampled requests: the first N and the slowest K. */
export class TraceSampleStore {
  private sampledRequests = 0;
  private readonly first: TraceSample[] = [];
  private readonly slowest: TraceSample[] = [];

  constructor(private readonly limits: TraceSampleLimits) {}

  /** Counts a sampled request and keeps it if it is among the first or the slowest. */
  offer(sample: TraceSample): void {
    this.sampledRequests++;
    if (this.first.length < this.limits.first) {
      this.first.push(sample);
    }
    insertSlowest(this.slowest, sample, this.limits.slowest);
  }

  /** Returns the kept samples. */
  snapshot(): SampledTraces {
    return { sampledRequests: this.sampledRequests, first: [...this.first], slowest: [...this.slowest] };
  }
}

/** Merges the samples of several workers into one list with the same bounds. */
export function mergeSampledTraces(parts: readonly SampledTraces[], limits: TraceSampleLimits): SampledTraces {
  const first = parts.flatMap((part) => part.first).sort((a, b) => a.intendedAt - b.intendedAt);
  const slowest = parts.flatMap((part) => part.slowest).sort((a, b) => b.latencyMs - a.latencyMs);
  return {
    sampledRequests: parts.reduce((sum, part) => sum + part.sampledRequests, 0),
    first: first.slice(0, limits.first),
    slowest: slowest.slice(0, limits.slowest),
  };
}

function insertSlowest(slowest: TraceSample[], sample: TraceSample, limit: number): void {
  if (limit === 0) {
    return;
  }
  const last = slowest[slowest.length - 1];
  if (slowest.length >= limit && last !== undefined && last.latencyMs >= sample.latencyMs) {
    return;
  }

  let index = slowest.findIndex((kept) => kept.latencyMs < sample.latencyMs);
  if (index === -1) {
    index = slowest.length;
  }
  slowest.splice(index, 0, sample);
  if (slowest.length > limit) {
    slowest.pop();
  }
}
