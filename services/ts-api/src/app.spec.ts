import type { FastifyInstance } from 'fastify';

import { buildApp } from './app';
import { testConfig } from './test-support/config';
import { expectProblem } from './test-support/problem';

describe('routing', () => {
  let app: FastifyInstance;

  beforeAll(() => {
    app = buildApp(testConfig(), { phase: 'ready' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers an unknown route with 404 not-found', async () => {
    const response = await app.inject('/api/nothing-here?x=1');

    expectProblem(response, 'not-found', 404, 'no route for GET /api/nothing-here', '/api/nothing-here');
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/api/user?user_id=u1' });

    expectProblem(response, 'method-not-allowed', 405, 'DELETE is not allowed on /api/user', '/api/user');
    expect(response.headers.allow).toBe('GET, HEAD');
  });

  it('answers GET on the webhook route with 405 allowing POST', async () => {
    const response = await app.inject('/webhooks');

    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe('POST');
  });

  it('answers POST /test with 404 while the endpoint is off', async () => {
    const response = await app.inject({ method: 'POST', url: '/test', headers: { 'content-type': 'application/json' }, payload: '[]' });

    expectProblem(response, 'not-found', 404, 'no route for POST /test', '/test');
  });

  it('hides the cause of an internal error', async () => {
    const failing = buildApp(testConfig(), { phase: 'ready' });
    failing.get('/boom', () => {
      throw new Error('secret database password');
    });

    const response = await failing.inject('/boom');

    expectProblem(response, 'internal', 500, 'an internal error occurred', '/boom');
    expect(response.body).not.toContain('secret');
    await failing.close();
  });
});

describe('rate limiting', () => {
  let app: FastifyInstance;

  beforeAll(() => {
    app = buildApp(testConfig({ rateLimit: { rps: 1, burst: 2 } }), { phase: 'ready' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers the third request with 429 and the rate-limit headers', async () => {
    const first = await app.inject('/api/user?user_id=r1');
    const second = await app.inject('/api/user?user_id=r2');
    const third = await app.inject('/api/user?user_id=r3');

    expect(first.statusCode).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('2;w=2');
    expect(first.headers.ratelimit).toBe('limit=2, remaining=1, reset=1');
    expect(second.statusCode).toBe(200);
    expectProblem(third, 'rate-limited', 429, 'rate limit exceeded', '/api/user');
    expect(third.headers['retry-after']).toBe('1');
    expect(third.headers.ratelimit).toMatch(/^limit=2, remaining=0, reset=2$/);
    expect((await app.inject('/metrics')).body).toContain('rate_limit_rejected_total 1');
  });

  it('does not limit the probes', async () => {
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await app.inject('/healthz')).statusCode);
    }

    expect(statuses).toEqual([200, 200, 200, 200, 200]);
  });
});
