import type { FastifyInstance } from 'fastify';

import { buildApp } from '../app';
import { testConfig } from '../test-support/config';
import { closedPortUrl, startFakeBackend, userAnswer, type FakeBackend } from '../test-support/fake-backend';
import { expectProblem } from '../test-support/problem';

interface Aggregate {
  user_id: string;
  partial: boolean;
  backends: { name: string; ok: boolean; latency_ms: number; user?: { service: string }; error?: string }[];
}

describe('GET /api/aggregate', () => {
  const backends: FakeBackend[] = [];
  const apps: FastifyInstance[] = [];

  async function backend(respond: Parameters<typeof startFakeBackend>[0]): Promise<string> {
    const started = await startFakeBackend(respond);
    backends.push(started);
    return started.url;
  }

  function appWith(goApiUrl: string, dotnetApiUrl: string): FastifyInstance {
    const app = buildApp(testConfig({ goApiUrl, dotnetApiUrl, aggregateTimeoutMs: 200 }), { phase: 'ready' });
    apps.push(app);
    return app;
  }

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await Promise.all(backends.map((started) => started.close()));
  });

  it('merges the answers of both backends', async () => {
    const app = appWith(await backend(userAnswer('go-api')), await backend(userAnswer('dotnet-api')));

    const response = await app.inject('/api/aggregate?user_id=u1');

    expect(response.statusCode).toBe(200);
    const body = response.json<Aggregate>();
    expect(Object.keys(body)).toEqual(['user_id', 'partial', 'backends']);
    expect(body.user_id).toBe('u1');
    expect(body.partial).toBe(false);
    expect(body.backends.map((result) => Object.keys(result))).toEqual([
      ['name', 'ok', 'latency_ms', 'user'],
      ['name', 'ok', 'latency_ms', 'user'],
    ]);
    expect(body.backends.map((result) => result.user?.service)).toEqual(['go-api', 'dotnet-api']);
  });

  it('reports a backend slower than the deadline as a timeout', async () => {
    const app = appWith(await backend(userAnswer('go-api')), await backend(userAnswer('dotnet-api', 2000)));
    const startedAt = performance.now();

    const response = await app.inject('/api/aggregate?user_id=u2');

    expect(performance.now() - startedAt).toBeLessThan(1000);
    const body = response.json<Aggregate>();
    expect(response.statusCode).toBe(200);
    expect(body.partial).toBe(true);
    expect(body.backends[1]).toMatchObject({ name: 'dotnet-api', ok: false, error: 'timeout' });
    expect(Object.keys(body.backends[1] ?? {})).toEqual(['name', 'ok', 'latency_ms', 'error']);
  });

  it('reports a backend that is down as unreachable', async () => {
    const app = appWith(await closedPortUrl(), await backend(userAnswer('dotnet-api')));

    const response = await app.inject('/api/aggregate?user_id=u3');

    const body = response.json<Aggregate>();
    expect(body.partial).toBe(true);
    expect(body.backends[0]).toMatchObject({ name: 'go-api', ok: false, error: 'unreachable' });
    expect(body.backends[1]).toMatchObject({ name: 'dotnet-api', ok: true });
  });

  it('reports an error status of a backend', async () => {
    const failing = await backend((response) => response.writeHead(503).end());
    const app = appWith(await backend(userAnswer('go-api')), failing);

    const response = await app.inject('/api/aggregate?user_id=u4');

    expect(response.json<Aggregate>().backends[1]).toMatchObject({ ok: false, error: 'status 503' });
  });

  it('answers 502 when both backends fail', async () => {
    const app = appWith(await closedPortUrl(), await backend(userAnswer('dotnet-api', 2000)));

    const response = await app.inject('/api/aggregate?user_id=u5');

    expectProblem(
      response,
      'backend-unavailable',
      502,
      'go-api: unreachable; dotnet-api: timeout',
      '/api/aggregate',
    );
  });

  it('validates user_id before calling the backends', async () => {
    const goApi = await startFakeBackend(userAnswer('go-api'));
    backends.push(goApi);
    const app = appWith(goApi.url, goApi.url);

    const response = await app.inject('/api/aggregate?user_id=a%20b');

    expect(response.statusCode).toBe(400);
    expect(goApi.requests).toHaveLength(0);
  });
});
