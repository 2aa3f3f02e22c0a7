import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server on 127.0.0.1 that records each request and responds with `respond`. */
export interface FakeBackend {
  readonly url: string;
  readonly requests: { url: string; headers: IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

/** Starts a FakeBackend on a free port of 127.0.0.1. */
export async function startFakeBackend(respond: (response: ServerResponse, url: string) => void): Promise<FakeBackend> {
  const requests: FakeBackend['requests'] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      respond(response, request.url ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => { resolve(); });
      }),
  };
}

/** Returns a handler that responds as go-api or dotnet-api would, after `delayMs`. */
export function userAnswer(service: string, delayMs = 0): (response: ServerResponse, url: string) => void {
  return (response, url) => {
    const userId = new URL(url, 'http://backend').searchParams.get('user_id');
    const body = JSON.stringify({ user_id: userId, status: 'active', timestamp: Date.now(), service });
    const timer = setTimeout(() => {
      if (!response.destroyed) {
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
      }
    }, delayMs);
    // A slow response that no client waits for any more must not keep the test process alive.
    timer.unref();
  };
}

/** Returns a URL on 127.0.0.1 where nothing listens. */
export async function closedPortUrl(): Promise<string> {
  const backend = await startFakeBackend((response) => response.end());
  await backend.close();
  return backend.url;
}
