import { expectProblem } from '../src/assertions';
import { problem, send } from '../src/http';
import { metricSum, parseMetrics } from '../src/metrics';
import { useInstance } from '../src/target';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function postEvent(baseUrl: string, type: string) {
  return send(baseUrl, '/webhooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type }),
  });
}

async function metric(baseUrl: string, name: string): Promise<number> {
  const response = await send(baseUrl, '/metrics');
  return metricSum(parseMetrics(response.text), name);
}

describe('with the trace context endpoint off', () => {
  const instance = useInstance({});

  it('answers POST /test with 404 not-found', async () => {
    const response = await send(instance().baseUrl, '/test', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[]',
    });

    expectProblem(response, problem('not-found', 404, 'no route for POST /test', '/test'));
  });
});

describe('with a webhook queue of one and one slow worker', () => {
  const instance = useInstance({
    env: { WEBHOOK_WORKERS: '1', WEBHOOK_QUEUE: '1', SIMULATED_IO_MS: '1000' },
  });

  it('answers 503 queue-full with Retry-After once the queue is full', async () => {
    const baseUrl = instance().baseUrl;

    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, index) => postEvent(baseUrl, `burst.${index}`)),
    );

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 202).length).toBeGreaterThanOrEqual(1);
    expect(statuses.filter((status) => status === 202).length).toBeLessThanOrEqual(2);
    const rejected = responses.find((response) => response.status === 503);
    expect(rejected).toBeDefined();
    if (rejected === undefined) {
      return;
    }
    expectProblem(rejected, problem('queue-full', 503, 'webhook queue is full', '/webhooks'));
    expect(rejected.headers.get('retry-after')).toBe('1');
    expect(await metric(baseUrl, 'webhook_events_rejected_total')).toBeGreaterThanOrEqual(4);
  });
});

describe('with a rate limit of 1 per second and a burst of 2', () => {
  const instance = useInstance({
    env: { RATE_LIMIT_RPS: '1', RATE_LIMIT_BURST: '2', SIMULATED_IO_MS: '1' },
  });

  it('answers the third request at once with 429 and the rate-limit headers', async () => {
    const baseUrl = instance().baseUrl;

    const first = await send(baseUrl, '/api/user?user_id=r1');
    const second = await send(baseUrl, '/api/user?user_id=r2');
    const third = await send(baseUrl, '/api/user?user_id=r3');

    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('2;w=2');
    expect(first.headers.get('ratelimit')).toMatch(/^limit=2, remaining=1, reset=\d+$/);
    expect(second.status).toBe(200);
    expectProblem(third, problem('rate-limited', 429, 'rate limit exceeded', '/api/user'));
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(third.headers.get('ratelimit')).toMatch(/^limit=2, remaining=0, reset=\d+$/);
    expect(await metric(baseUrl, 'rate_limit_rejected_total')).toBeGreaterThanOrEqual(1);
  });

  it('does not limit the probes', async () => {
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => send(instance().baseUrl, '/healthz')),
    );

    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
  });
});

describe('with a simulated wait of 5 s', () => {
  const instance = useInstance({ env: { SIMULATED_IO_MS: '5000' } });

  it('cancels the work of clients that disconnect', async () => {
    const baseUrl = instance().baseUrl;
    const controllers = Array.from({ length: 5 }, () => new AbortController());
    const pending = controllers.map((controller, index) =>
      fetch(`${baseUrl}/api/users?ids=c${index},d${index}`, { signal: controller.signal }).catch(() => undefined),
    );
    await sleep(300);
    const during = await metric(baseUrl, 'http_server_requests_in_flight');

    controllers.forEach((controller) => {
      controller.abort();
    });
    await Promise.all(pending);
    let after = during;
    for (let attempt = 0; attempt < 20 && after > 1; attempt++) {
      await sleep(100);
      after = await metric(baseUrl, 'http_server_requests_in_flight');
    }

    // The /metrics request itself may count as in flight.
    expect(during).toBeGreaterThanOrEqual(5);
    expect(after).toBeLessThanOrEqual(1);
  });
});

describe('while draining after SIGTERM', () => {
  const instance = useInstance({ env: { SHUTDOWN_DELAY_MS: '3000', SIMULATED_IO_MS: '200' } });

  it('reports not ready, refuses webhooks, finishes queued events and exits 0', async () => {
    const service = instance();
    const accepted = await postEvent(service.baseUrl, 'before.shutdown');
    expect(accepted.status).toBe(202);

    service.process.kill('SIGTERM');
    await sleep(300);
    const readiness = await send(service.baseUrl, '/readyz');
    const refused = await postEvent(service.baseUrl, 'after.shutdown');
    const exitCode = await service.exited;

    expect(readiness.status).toBe(503);
    expect(readiness.text).toBe('{"status":"draining"}');
    expectProblem(refused, problem('draining', 503, 'service is shutting down', '/webhooks'));
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(exitCode).toBe(0);
    const processed = service.logs.filter((line) => line.includes('"webhook processed"'));
    expect(processed.length).toBe(1);
  }, 20_000);
});
