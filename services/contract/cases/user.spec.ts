import { expectProblem } from '../src/assertions';
import { problem, schemaErrors, send } from '../src/http';
import { useTarget } from '../src/target';

const target = useTarget();
const idRule = "user_id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";
const jsonType = 'application/json; charset=utf-8';

describe('smoke: GET /api/user', () => {
  it('returns the user after the simulated wait', async () => {
    const { baseUrl, service } = target();
    const before = Date.now();

    const response = await send(baseUrl, '/api/user?user_id=u1');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(jsonType);
    expect(schemaErrors('User', response.json())).toBe('');
    const user = response.json() as Record<string, unknown>;
    expect(Object.keys(user)).toEqual(['user_id', 'status', 'timestamp', 'service']);
    expect(user.user_id).toBe('u1');
    expect(user.service).toBe(service);
    expect(user.timestamp).toBeGreaterThanOrEqual(before);
    expect(response.elapsedMs).toBeGreaterThanOrEqual(45);
  });
});

describe('GET /api/user accepts', () => {
  it.each([
    ['a 1-character id', 'a'],
    ['a 64-character id', 'x'.repeat(64)],
    ['every allowed character', 'AZaz09_-'],
  ])('%s', async (_name, id) => {
    const response = await send(target().baseUrl, `/api/user?user_id=${id}`);

    expect(response.status).toBe(200);
    expect((response.json() as { user_id: string }).user_id).toBe(id);
  });

  it('ignores unknown query parameters', async () => {
    const response = await send(target().baseUrl, '/api/user?user_id=u2&verbose=1');

    expect(response.status).toBe(200);
  });
});

describe('GET /api/user rejects', () => {
  const cases: [string, string, string][] = [
    ['a missing user_id', '/api/user', 'user_id is required'],
    ['an empty user_id', '/api/user?user_id=', idRule],
    ['a 65-character id', `/api/user?user_id=${'x'.repeat(65)}`, idRule],
    ['a unicode id', '/api/user?user_id=%C3%BCser', idRule],
    ['a NUL byte', '/api/user?user_id=%00', idRule],
    ['a NUL byte inside an id', '/api/user?user_id=ab%00cd', idRule],
    ['a space', '/api/user?user_id=a%20b', idRule],
    ['a slash', '/api/user?user_id=a%2Fb', idRule],
    ['a repeated user_id', '/api/user?user_id=a&user_id=b', 'user_id must be given once'],
  ];

  it.each(cases)('%s with 400 invalid-parameter', async (_name, pathAndQuery, detail) => {
    const response = await send(target().baseUrl, pathAndQuery);

    expectProblem(response, problem('invalid-parameter', 400, detail, '/api/user'));
  });
});

describe('routing', () => {
  it('answers an unknown route with 404 not-found', async () => {
    const response = await send(target().baseUrl, '/api/nothing-here');

    expectProblem(response, problem('not-found', 404, 'no route for GET /api/nothing-here', '/api/nothing-here'));
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const response = await send(target().baseUrl, '/api/user?user_id=u1', { method: 'DELETE' });

    expectProblem(response, problem('method-not-allowed', 405, 'DELETE is not allowed on /api/user', '/api/user'));
    expect(response.headers.get('allow') ?? '').toContain('GET');
  });

  it('rejects request headers over 32 KiB with 431', async () => {
    const response = await send(target().baseUrl, '/api/user?user_id=u1', {
      headers: { 'x-padding': 'p'.repeat(40 * 1024) },
    }).catch((error: unknown) => error);

    // Some HTTP stacks close the connection after the 431; either way the
    // request must not be served.
    if (response instanceof Error) {
      expect(response.message).toMatch(/fetch failed|socket|closed/i);
      return;
    }
    expect((response as { status: number }).status).toBe(431);
  });

  it('serves a request with 8 KiB of headers', async () => {
    const response = await send(target().baseUrl, '/api/user?user_id=u1', {
      headers: { 'x-padding': 'p'.repeat(8 * 1024) },
    });

    expect(response.status).toBe(200);
  });
});
