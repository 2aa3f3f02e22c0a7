import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { probe, waitForReady } from './readiness';
import { freePort } from './test-support/fake-stack';

// Returns 503 until `readyAfter` requests have been served, then 200.
async function startServer(readyAfter: number): Promise<{ url: string; server: Server }> {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response.writeHead(requests > readyAfter ? 200 : 503);
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz`, server };
}

describe('waitForReady', () => {
  let server: Server | undefined;

  afterEach(() => {
    server?.close();
  });

  it('waits until the URL answers 200', async () => {
    const started = await startServer(2);
    server = started.server;

    const outcome = await waitForReady(started.url, { timeoutMs: 2000, intervalMs: 20 });

    expect(outcome.ready).toBe(true);
  });

  it('times out on a URL that keeps answering 503', async () => {
    const started = await startServer(Number.POSITIVE_INFINITY);
    server = started.server;

    const before = Date.now();
    const outcome = await waitForReady(started.url, { timeoutMs: 300, intervalMs: 20 });

    expect(outcome).toEqual({ ready: false, reason: 'timeout', lastProbe: 'status 503' });
    expect(Date.now() - before).toBeLessThan(1000);
  });

  it('reports the connection error of a port nobody listens on', async () => {
    const url = `http://127.0.0.1:${await freePort()}/readyz`;

    const outcome = await waitForReady(url, { timeoutMs: 100, intervalMs: 20 });

    expect(outcome).toEqual({ ready: false, reason: 'timeout', lastProbe: 'ECONNREFUSED' });
  });

  it('stops waiting when the process exits', async () => {
    const url = `http://127.0.0.1:${await freePort()}/readyz`;

    const outcome = await waitForReady(url, { timeoutMs: 10_000, intervalMs: 20, exited: Promise.resolve('code 3') });

    expect(outcome).toEqual({ ready: false, reason: 'exited', exit: 'code 3' });
  });
});

describe('probe', () => {
  it('gives up on a server that does not answer', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;

    await expect(probe(`http://127.0.0.1:${port}/readyz`, 100)).resolves.toBe('timed out');
    silent.closeAllConnections();
    silent.close();
  });
});
