import { bucketIdleMs, TokenBucketLimiter } from './rate-limit';

function limiterWithClock(rps: number, burst: number) {
  const clock = { now: 0 };
  const limiter = new TokenBucketLimiter(rps, burst, () => clock.now);
  return { clock, limiter };
}

describe('TokenBucketLimiter', () => {
  it('allows a burst, then rejects', () => {
    const { limiter } = limiterWithClock(1, 2);

    const decisions = [limiter.take('a'), limiter.take('a'), limiter.take('a')];

    expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, false]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([1, 0, 0]);
  });

  it('refills continuously at the rate, not per fixed window', () => {
    const { clock, limiter } = limiterWithClock(2, 2);
    limiter.take('a');
    limiter.take('a');

    clock.now = 499;
    expect(limiter.take('a').allowed).toBe(false);
    clock.now = 500;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('reports whole seconds until a token and until full, rounded up', () => {
    const { limiter } = limiterWithClock(0.5, 3);
    limiter.take('a');
    limiter.take('a');
    limiter.take('a');

    const rejected = limiter.take('a');

    expect(rejected.retryAfterSeconds).toBe(2);
    expect(rejected.resetSeconds).toBe(6);
    expect(rejected.limit).toBe(3);
  });

  it('reports a retry after of at least 1 second', () => {
    const { clock, limiter } = limiterWithClock(1000, 1);
    limiter.take('a');
    clock.now = 0.5;

    expect(limiter.take('a').retryAfterSeconds).toBe(1);
  });

  it('keeps one bucket per client', () => {
    const { limiter } = limiterWithClock(1, 1);

    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('b').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('evicts buckets idle for 60 s', () => {
    const { clock, limiter } = limiterWithClock(1, 1);
    limiter.take('idle');
    clock.now = bucketIdleMs - 1;
    limiter.take('busy');
    expect(limiter.size).toBe(2);

    clock.now = bucketIdleMs;
    limiter.take('busy');

    expect(limiter.size).toBe(1);
  });

  it('formats the policy with the window rounded up', () => {
    expect(new TokenBucketLimiter(1, 2).policy).toBe('2;w=2');
    expect(new TokenBucketLimiter(3, 5).policy).toBe('5;w=2');
  });
});
