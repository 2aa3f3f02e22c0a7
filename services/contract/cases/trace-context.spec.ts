import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { expectProblem } from '../src/assertions';
import { problem, send } from '../src/http';
import { useTarget } from '../src/target';

const target = useTarget();
const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentId = '00f067aa0ba902b7';
const tracestate = 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE';
const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

interface Callback {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let callbackServer: Server;
let callbackUrl = '';
const callbacks: Callback[] = [];

beforeAll(async () => {
  callbackServer = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      callbacks.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.end();
    });
  });
  await new Promise<void>((resolve) => callbackServer.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(callbackServer.address() as AddressInfo).port}/callback`;
});

afterAll(async () => {
  await new Promise((resolve) => callbackServer.close(resolve));
});

beforeEach(() => {
  callbacks.length = 0;
});

function postTest(body: unknown, headers: Record<string, string> = {}) {
  return send(target().baseUrl, '/test', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('POST /test propagates W3C trace context', () => {
  it('keeps the trace id, sets a new parent id and keeps tracestate', async () => {
    const response = await postTest([{ url: callbackUrl, arguments: [{ n: 1 }] }], {
      traceparent: `00-${traceId}-${parentId}-01`,
      tracestate,
    });

    expect(response.status).toBe(200);
    expect(callbacks).toHaveLength(1);
    const match = traceparentPattern.exec(String(callbacks[0]?.headers.traceparent));
    expect(match?.[1]).toBe(traceId);
    expect(match?.[2]).not.toBe(parentId);
    expect(callbacks[0]?.headers.tracestate).toBe(tracestate);
  });

  it('posts each item\'s arguments as JSON, in order', async () => {
    const response = await postTest([
      { url: callbackUrl, arguments: [{ n: 1 }] },
      { url: callbackUrl, arguments: ['two', 2] },
    ]);

    expect(response.status).toBe(200);
    expect(callbacks.map((callback) => JSON.parse(callback.body) as unknown)).toEqual([[{ n: 1 }], ['two', 2]]);
    expect(callbacks[0]?.headers['content-type']).toMatch(/^application\/json/);
  });

  it('starts a new trace for an invalid traceparent', async () => {
    const response = await postTest([{ url: callbackUrl, arguments: [] }], {
      traceparent: `00-${'z'.repeat(32)}-${parentId}-01`,
      tracestate,
    });

    expect(response.status).toBe(200);
    const match = traceparentPattern.exec(String(callbacks[0]?.headers.traceparent));
    expect(match).not.toBeNull();
    expect(match?.[1]).not.toBe('z'.repeat(32));
    expect(match?.[1]).not.toBe('0'.repeat(32));
  });

  it('starts a new trace for an all-zero trace id', async () => {
    const response = await postTest([{ url: callbackUrl, arguments: [] }], {
      traceparent: `00-${'0'.repeat(32)}-${parentId}-01`,
    });

    expect(response.status).toBe(200);
    const match = traceparentPattern.exec(String(callbacks[0]?.headers.traceparent));
    expect(match?.[1]).toMatch(/^(?!0{32})[0-9a-f]{32}$/);
  });

  it('answers 200 when a callback URL refuses the connection', async () => {
    const response = await postTest([
      { url: 'http://127.0.0.1:9/refused', arguments: [] },
      { url: callbackUrl, arguments: ['after'] },
    ]);

    expect(response.status).toBe(200);
    expect(callbacks).toHaveLength(1);
  });
});

describe('POST /test rejects', () => {
  it('a body that is not a list with 400 invalid-parameter', async () => {
    const response = await postTest({ url: callbackUrl });

    expectProblem(
      response,
      problem('invalid-parameter', 400, 'request body must be a JSON array of {url, arguments}', '/test'),
    );
  });

  it('a non-http URL with 400 invalid-parameter', async () => {
    const response = await postTest([{ url: 'file:///etc/passwd', arguments: [] }]);

    expectProblem(response, problem('invalid-parameter', 400, 'url must be an absolute http or https URL', '/test'));
  });

  it('invalid JSON with 400 invalid-json', async () => {
    const response = await send(target().baseUrl, '/test', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[{',
    });

    expectProblem(response, problem('invalid-json', 400, 'request body is not valid JSON', '/test'));
  });
});
