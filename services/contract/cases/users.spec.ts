import { expectProblem } from '../src/assertions';
import { problem, schemaErrors, send } from '../src/http';
import { useTarget } from '../src/target';

const target = useTarget();
const simulatedIoMs = 50;
const itemRule = "each id must be 1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";

function ids(count: number, prefix = 'id'): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index}`);
}

describe('smoke: GET /api/users', () => {
  it('returns one user for one id', async () => {
    const response = await send(target().baseUrl, '/api/users?ids=solo');

    expect(response.status).toBe(200);
    expect(schemaErrors('Users', response.json())).toBe('');
    const body = response.json() as { users: { user_id: string; service: string }[] };
    expect(body.users.map((user) => user.user_id)).toEqual(['solo']);
    expect(body.users[0]?.service).toBe(target().service);
  });
});

describe('GET /api/users', () => {
  it('returns 100 users in request order', async () => {
    const requested = ids(100).reverse();

    const response = await send(target().baseUrl, `/api/users?ids=${requested.join(',')}`);

    expect(response.status).toBe(200);
    expect(schemaErrors('Users', response.json())).toBe('');
    const body = response.json() as { users: { user_id: string }[] };
    expect(body.users.map((user) => user.user_id)).toEqual(requested);
  });

  it('keeps duplicate ids', async () => {
    const response = await send(target().baseUrl, '/api/users?ids=a,b,a');

    const body = response.json() as { users: { user_id: string }[] };
    expect(body.users.map((user) => user.user_id)).toEqual(['a', 'b', 'a']);
  });

  it('looks 20 ids up concurrently, in about one wait', async () => {
    // Sequential lookups would take 20 waits (1000 ms); concurrent ones take
    // about one. Three waits leave room for a busy machine.
    const response = await send(target().baseUrl, `/api/users?ids=${ids(20).join(',')}`);

    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeGreaterThanOrEqual(simulatedIoMs - 5);
    expect(response.elapsedMs).toBeLessThan(simulatedIoMs * 3);
  });

  it('looks 100 ids up in far less than 100 waits', async () => {
    const response = await send(target().baseUrl, `/api/users?ids=${ids(100).join(',')}`);

    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeLessThan(simulatedIoMs * 10);
  });
});

describe('GET /api/users rejects', () => {
  const cases: [string, string, string][] = [
    ['a missing ids', '/api/users', 'ids is required'],
    ['an empty ids', '/api/users?ids=', itemRule],
    ['101 ids', `/api/users?ids=${ids(101).join(',')}`, 'ids must list at most 100 ids'],
    ['an empty item', '/api/users?ids=a,,b', itemRule],
    ['a trailing comma', '/api/users?ids=a,b,', itemRule],
    ['an invalid item', '/api/users?ids=a,b%21,c', itemRule],
    ['a 65-character item', `/api/users?ids=a,${'x'.repeat(65)}`, itemRule],
    ['a repeated ids', '/api/users?ids=a&ids=b', 'ids must be given once'],
  ];

  it.each(cases)('%s with 400 invalid-parameter', async (_name, pathAndQuery, detail) => {
    const response = await send(target().baseUrl, pathAndQuery);

    expectProblem(response, problem('invalid-parameter', 400, detail, '/api/users'));
  });
});
