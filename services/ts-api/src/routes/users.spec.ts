import type { FastifyInstance } from 'fastify';

import { buildApp } from '../app';
import { testConfig } from '../test-support/config';
import { expectProblem } from '../test-support/problem';

const idRule = "user_id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";
const itemRule = "each id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";

describe('GET /api/user', () => {
  // #region user-test
  let app: FastifyInstance;

  beforeAll(() => {
    app = buildApp(testConfig({ simulatedIoMs: 20 }), { phase: 'ready' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('returns the user after the simulated wait, members in order', async () => {
    const before = Date.now();

    const response = await app.inject('/api/user?user_id=u1');

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const user = response.json<Record<string, unknown>>();
    expect(Object.keys(user)).toEqual(['user_id', 'status', 'timestamp', 'service']);
    expect(user).toMatchObject({ user_id: 'u1', status: 'active', service: 'ts-api' });
    expect(user.timestamp).toBeGreaterThanOrEqual(before);
    expect(Date.now() - before).toBeGreaterThanOrEqual(19);
  });
  // #endregion user-test

  it.each([
    ['a 1-character id', 'a'],
    ['a 64-character id', 'x'.repeat(64)],
    ['every allowed character', 'AZaz09_-'],
  ])('accepts %s', async (_name, id) => {
    const response = await app.inject(`/api/user?user_id=${id}`);

    expect(response.statusCode).toBe(200);
    expect(response.json<{ user_id: string }>().user_id).toBe(id);
  });

  it.each([
    ['a missing user_id', '/api/user', 'user_id is required'],
    ['an empty user_id', '/api/user?user_id=', idRule],
    ['a 65-character id', `/api/user?user_id=${'x'.repeat(65)}`, idRule],
    ['a unicode id', '/api/user?user_id=%C3%BCser', idRule],
    ['a NUL byte', '/api/user?user_id=%00', idRule],
    ['a NUL byte inside an id', '/api/user?user_id=ab%00cd', idRule],
    ['a trailing newline', '/api/user?user_id=ab%0A', idRule],
    ['a repeated user_id', '/api/user?user_id=a&user_id=b', 'user_id must be given once'],
    ['a repeated identical user_id', '/api/user?user_id=a&user_id=a', 'user_id must be given once'],
  ])('rejects %s with 400', async (_name, url, detail) => {
    const response = await app.inject(url);

    expectProblem(response, 'invalid-parameter', 400, detail, '/api/user');
  });
});

describe('GET /api/users', () => {
  let app: FastifyInstance;

  beforeAll(() => {
    app = buildApp(testConfig({ simulatedIoMs: 50, fanoutLimit: 10 }), { phase: 'ready' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('returns users in request order, duplicates kept', async () => {
    const response = await app.inject('/api/users?ids=c,a,b,a');

    expect(response.statusCode).toBe(200);
    const body = response.json<{ users: { user_id: string }[] }>();
    expect(body.users.map((user) => user.user_id)).toEqual(['c', 'a', 'b', 'a']);
  });

  it('looks up no more than FANOUT_LIMIT ids at once', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `id${i}`).join(',');
    const startedAt = performance.now();

    const response = await app.inject(`/api/users?ids=${ids}`);

    const elapsedMs = performance.now() - startedAt;
    expect(response.statusCode).toBe(200);
    // 20 ids at 10 at once take two waits of 50 ms; all at once would take one.
    expect(elapsedMs).toBeGreaterThanOrEqual(95);
    expect(elapsedMs).toBeLessThan(1000);
  });

  it.each([
    ['a missing ids', '/api/users', 'ids is required'],
    ['an empty ids', '/api/users?ids=', itemRule],
    ['101 ids', `/api/users?ids=${Array.from({ length: 101 }, (_, i) => `i${i}`).join(',')}`, 'ids must list at most 100 ids'],
    ['an empty item', '/api/users?ids=a,,b', itemRule],
    ['a trailing comma', '/api/users?ids=a,b,', itemRule],
    ['an invalid item', '/api/users?ids=a,b%21,c', itemRule],
    ['a 65-character item', `/api/users?ids=a,${'x'.repeat(65)}`, itemRule],
    ['a repeated ids', '/api/users?ids=a&ids=b', 'ids must be given once'],
  ])('rejects %s with 400', async (_name, url, detail) => {
    const response = await app.inject(url);

    expectProblem(response, 'invalid-parameter', 400, detail, '/api/users');
  });

  it('accepts 100 ids', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `i${i}`);

    const response = await app.inject(`/api/users?ids=${ids.join(',')}`);

    expect(response.json<{ users: unknown[] }>().users).toHaveLength(100);
  });
});
