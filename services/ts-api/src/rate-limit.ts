/** Outcome of one request against its client's token bucket. */
export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Bucket capacity, for the `RateLimit` and `RateLimit-Policy` headers. */
  readonly limit: number;
  /** Whole tokens left after this request. */
  readonly remaining: number;
  /** Whole seconds, rounded up, until the bucket is full again. */
  readonly resetSeconds: number;
  /** Whole seconds, rounded up and at least 1, until one token is available; 0 when allowed. */
  readonly retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Time in milliseconds, injectable so that tests control the clock. */
export type Clock = () => number;

/** Idle time after which a client's bucket is dropped; it would be full again by then in most set-ups. */
export const bucketIdleMs = 60_000;

/**
 * TokenBucketLimiter keeps one token bucket per client address: `burst`
 * tokens, refilled continuously at `rps` tokens per second. A request takes
 * one token or is rejected. Buckets idle for 60 s are evicted by a sweep that
 * runs at most once per 60 s, so a bucket lives at most 120 s after its last request.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweepAt: number;

  constructor(
    readonly rps: number,
    readonly burst: number,
    private readonly now: Clock = () => performance.now(),
  ) {
    this.lastSweepAt = now();
  }

  /** Value of the `RateLimit-Policy` header: `<burst>;w=<window>`, window = ceil(burst / rps). */
  get policy(): string {
    return `${this.burst};w=${Math.ceil(this.burst / this.rps)}`;
  }

  /** Number of buckets held, for tests of the eviction. */
  get size(): number {
    return this.buckets.size;
  }

  // #region token-bucket
  /** Takes one token from the bucket of `client`, if it has one. */
  take(client: string): RateLimitDecision {
    const now = this.now();
    this.sweepIdleBuckets(now);
    const bucket = this.refilledBucket(client, now);
    const allowed = bucket.tokens >= 1;
    if (allowed) {
      bucket.tokens -= 1;
    }
    return {
      allowed,
      limit: this.burst,
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((this.burst - bucket.tokens) / this.rps),
      retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.rps)),
    };
  }

  private refilledBucket(client: string, now: number): Bucket {
    const bucket = this.buckets.get(client);
    if (bucket === undefined) {
      const fresh = { tokens: this.burst, updatedAt: now };
      this.buckets.set(client, fresh);
      return fresh;
    }
    const elapsedSeconds = (now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsedSeconds * this.rps);
    bucket.updatedAt = now;
    return bucket;
  }
  // #endregion token-bucket

  private sweepIdleBuckets(now: number): void {
    if (now - this.lastSweepAt < bucketIdleMs) {
      return;
    }
    this.lastSweepAt = now;
    for (const [client, bucket] of this.buckets) {
      if (now - bucket.updatedAt >= bucketIdleMs) {
        this.buckets.delete(client);
      }
    }
  }
}
