import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Http1Pool, type RequestOutcome } from './http1-pool';

/** A TCP server that calls `respond` for each request head it reads. */
interface RawServer {
  url: string;
  heads: string[];
  connections: number;
  peakOpen: number;
  close: () => Promise<void>;
}

type Responder = (socket: Socket, index: number) => void;

async function startRawServer(respond: Responder): Promise<RawServer> {
  const sockets = new Set<Socket>();
  const state: RawServer = { url: '', heads: [], connections: 0, peakOpen: 0, close: () => Promise.resolve() };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    state.connections++;
    state.peakOpen = Math.max(state.peakOpen, sockets.size);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let pending = '';
    socket.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let end = pending.indexOf('\r\n\r\n');
      while (end !== -1) {
        state.heads.push(pending.slice(0, end));
        pending = pending.slice(end + 4);
        respond(socket, state.heads.length - 1);
        end = pending.indexOf('\r\n\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/user?user_id=u1`;
  state.close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  };
  return state;
}

const okResponse = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}';
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function sendAll(pool: Http1Pool, count: number): Promise<RequestOutcome[]> {
  return Promise.all(
    Array.from({ length: count }, () => new Promise<RequestOutcome>((resolve) => { pool.send(traceparent, resolve); })),
  );
}

describe('Http1Pool', () => {
  let server: RawServer | undefined;
  let pool: Http1Pool | undefined;

  afterEach(async () => {
    await pool?.close();
    await server?.close();
    pool = undefined;
    server = undefined;
  });

  it('sends the trace headers and reads a Content-Length body', async () => {
    server = await startRawServer((socket) => socket.write(okResponse));
    pool = new Http1Pool(new URL(server.url), { connections: 1, timeoutMs: 2_000, tracestate: 'triad=1' });

    const [outcome] = await sendAll(pool, 1);

    expect(outcome).toMatchObject({ statusCode: 200, errorClass: undefined });
    expect(outcome?.completedAt).toBeGreaterThanOrEqual(outcome?.sentAt ?? Infinity);
    expect(server.heads[0]?.split('\r\n')).toEqual([
      'GET /api/user?user_id=u1 HTTP/1.1',
      `Host: ${new URL(server.url).host}`,
      `traceparent: ${traceparent}`,
      'tracestate: triad=1',
    ]);
  });

  it('reuses one connection for requests in sequence', async () => {
    server = await startRawServer((socket) => socket.write(okResponse));
    pool = new Http1Pool(new URL(server.url), { connections: 4, timeoutMs: 2_000 });

    for (let i = 0; i < 5; i++) await sendAll(pool, 1);

    expect(server.heads).toHaveLength(5);
    expect(server.connections).toBe(1);
  });

  it('opens at most the configured connections', async () => {
    server = await startRawServer((socket) => setTimeout(() => socket.write(okResponse), 30));
    pool = new Http1Pool(new URL(server.url), { connections: 3, timeoutMs: 2_000 });

    const outcomes = await sendAll(pool, 9);

    expect(outcomes.map((outcome) => outcome.statusCode)).toEqual(Array<number>(9).fill(200));
    expect(server.peakOpen).toBe(3);
    expect(server.connections).toBe(3);
  });

  it('reads a chunked body split across writes', async () => {
    server = await startRawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel');
      setTimeout(() => socket.write('lo\r\n6\r\n world\r'), 5);
      setTimeout(() => socket.write('\n0\r\nX-Trailer: 1\r\n\r\n'), 10);
    });
    pool = new Http1Pool(new URL(server.url), { connections: 1, timeoutMs: 2_000 });

    const first = await sendAll(pool, 1);
    const second = await sendAll(pool, 1);

    expect(first[0]).toMatchObject({ statusCode: 200, errorClass: undefined });
    expect(second[0]).toMatchObject({ statusCode: 200, errorClass: undefined });
    expect(server.connections).toBe(1);
  });

  it('reads a head split inside the blank line', async () => {
    server = await startRawServer((socket) => {
      socket.write('HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r');
      setTimeout(() => socket.write('\n'), 5);
    });
    pool = new Http1Pool(new URL(server.url), { connections: 1, timeoutMs: 2_000 });

    const [outcome] = await sendAll(pool, 1);

    expect(outcome).toMatchObject({ statusCode: 204, errorClass: undefined });
  });

  it('opens a new connection after Connection: close', async () => {
    server = await startRawServer((socket) => socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'));
    pool = new Http1Pool(new URL(server.url), { connections: 1, timeoutMs: 2_000 });

    await sendAll(pool, 1);
    const [outcome] = await sendAll(pool, 1);

    expect(outcome).toMatchObject({ statusCode: 200, errorClass: undefined });
    expect(server.connections).toBe(2);
  });

  it('ends a body without length at close', async () => {
    server = await startRawServer((socket) => socket.end('HTTP/1.1 200 OK\r\n\r\nbody until close'));
    pool = new Http1Pool(new URL(server.url), { connections: 1, timeoutMs: 2_000 });

    const [outcome] = await sendAll(pool, 1);

    expect(outcome).toMatchObject({ statusCode: 200, errorClass: undefined });
  });

  it('reports an error status by code', async () => {
    server = await startRawServer((socket) => socket.write('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n'));
    pool = new Http1Pool(new URL(server.url), { connections: 1, timeoutMs: 2_000 });

    const [outcome] = await sendAll(pool, 1);

    expect(outcome).toMatchObject({ statusCode: 503, errorClass: 'status_503' });
  });

  it('classifies an invalid response as other', async () => {
    server = await startRawServer((socket) => socket.write('SSH-2.0-OpenSSH\r\n\r\n'));
    pool = new Http1Pool(new URL(server.url), { connections: 1, timeoutMs: 2_000 });

    const [outcome] = await sendAll(pool, 1);

    expect(outcome).toMatchObject({ statusCode: 0, errorClass: 'other' });
  });

  it('classifies a close without response as reset', async () => {
    server = await startRawServer((socket) => socket.destroy());
    pool = new Http1Pool(new URL(server.url), { connections: 1, timeoutMs: 2_000 });

    const [outcome] = await sendAll(pool, 1);

    expect(outcome).toMatchObject({ statusCode: 0, errorClass: 'reset' });
  });

  it('times out a request that gets no response', async () => {
    server = await startRawServer(() => undefined);
    pool = new Http1Pool(new URL(server.url), { connections: 1, timeoutMs: 200 });

    const [outcome] = await sendAll(pool, 1);

    expect(outcome).toMatchObject({ statusCode: 0, errorClass: 'timeout' });
    expect((outcome?.completedAt ?? 0) - (outcome?.sentAt ?? 0)).toBeGreaterThanOrEqual(200);
  });

  it('classifies a refused connection as connect', async () => {
    server = await startRawServer(() => undefined);
    const url = server.url;
    await server.close();
    server = undefined;
    pool = new Http1Pool(new URL(url), { connections: 1, timeoutMs: 2_000 });

    const outcomes = await sendAll(pool, 3);

    expect(outcomes.map((outcome) => outcome.errorClass)).toEqual(['connect', 'connect', 'connect']);
  });

  it('rejects a URL that is not http or https', () => {
    expect(() => new Http1Pool(new URL('ftp://127.0.0.1/x'), { connections: 1, timeoutMs: 1_000 })).toThrow('http or https');
  });
});
