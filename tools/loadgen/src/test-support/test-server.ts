import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A local HTTP server for load tests, with what it saw. */
export interface TestServer {
  url: string;
  server: Server;
  /** `traceparent` headers in arrival order. */
  traceparents: string[];
  /** `tracestate` headers in arrival order. */
  tracestates: (string | undefined)[];
  /** Requests being handled now, and the most at once. */
  inFlight: number;
  peakInFlight: number;
  /** Sockets open now. */
  openSockets: () => number;
  close: () => Promise<void>;
}

/** Handles one request; the index counts requests from 0. */
export type TestHandler = (request: IncomingMessage, response: ServerResponse, index: number) => void;

/** Returns a handler that responds with `statusCode` and a small JSON body after `delayMs`. */
export function respondAfter(delayMs: number, statusCode = 200): TestHandler {
  return (_request, response) => {
    setTimeout(() => {
      response.writeHead(statusCode, { 'content-type': 'application/json; charset=utf-8' });
      response.end('{"user_id":"u1","status":"active"}');
    }, delayMs);
  };
}

/** Starts a server on 127.0.0.1 with a free port. */
export async function startTestServer(handler: TestHandler): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let requestIndex = 0;
  const server = createServer();
  const state: TestServer = {
    url: '',
    server,
    traceparents: [],
    tracestates: [],
    inFlight: 0,
    peakInFlight: 0,
    openSockets: () => sockets.size,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => { resolve(); }));
    },
  };

  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    state.traceparents.push(String(request.headers.traceparent));
    state.tracestates.push(request.headers.tracestate);
    state.inFlight++;
    state.peakInFlight = Math.max(state.peakInFlight, state.inFlight);
    response.once('close', () => {
      state.inFlight--;
    });
    handler(request, response, requestIndex++);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/api/user?user_id=u1`;
  return state;
}

/** Returns a port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  return port;
}
