// A minimal HTTP/1.1 client for GET requests over keep-alive connections.
// At 5000-10000 requests per second on a 2-core machine the generator shares
// the cores with the server it measures, so every microsecond it spends per
// request shows up as the server's latency. This client writes one
// pre-rendered request line per request and reads only the status line and
// the framing headers of the response.
import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import { performance } from 'node:perf_hooks';
import { classifyError, classifyStatus, type ErrorClass, RequestTimeoutError } from './error-class';

/** Outcome of one request. Times are `performance.now()` values of the worker. */
export interface RequestOutcome {
  /** The response status, or 0 when no response arrived. */
  statusCode: number;
  /** Undefined for a success. */
  errorClass: ErrorClass | undefined;
  sentAt: number;
  completedAt: number;
}

/** Called once per request when it ends. */
export type OutcomeCallback = (outcome: RequestOutcome) => void;

/** Options of an `Http1Pool`. */
export interface Http1PoolOptions {
  /** Most connections open at once; requests beyond them wait for a free one. */
  readonly connections: number;
  /** Limit over the whole request, from `send` to the end of the response body. */
  readonly timeoutMs: number;
  /** Added to every request after `traceparent`. */
  readonly tracestate?: string;
  /** Called when a connection is established and when one closes. */
  readonly onConnect?: () => void;
  readonly onDisconnect?: () => void;
}

/** Raised for a response that is not valid HTTP/1.1. */
export class ResponseParseError extends Error {
  readonly code = 'LOADGEN_BAD_RESPONSE';

  constructor(message: string) {
    super(message);
    this.name = 'ResponseParseError';
  }
}

/** Raised when a connection is not established within the timeout. */
class ConnectTimeoutError extends Error {
  readonly code = 'UND_ERR_CONNECT_TIMEOUT';

  constructor(timeoutMs: number) {
    super(`connect timed out after ${timeoutMs} ms`);
    this.name = 'ConnectTimeoutError';
  }
}

interface PendingRequest {
  readonly traceparent: string;
  readonly onOutcome: OutcomeCallback;
  readonly queuedAt: number;
}

interface ActiveRequest extends PendingRequest {
  readonly sentAt: number;
}

/**
 * Sends GET requests for one URL over at most `connections` keep-alive
 * connections, one request in flight per connection (no pipelining, as wrk
 * and vegeta do). Timeouts are enforced by one sweep every
 * `sweepIntervalMs`, not by a timer per request, so a request that times
 * out is reported up to that much after its limit.
 */
export class Http1Pool {
  /** Period of the timeout sweep. */
  static readonly sweepIntervalMs = 50;

  private readonly tls: boolean;
  private readonly host: string;
  private readonly port: number;
  private readonly head: string;
  private readonly tail: string;
  private readonly idle: Connection[] = [];
  private readonly all = new Set<Connection>();
  private readonly queue: PendingRequest[] = [];
  private queueHead = 0;
  private readonly sweepTimer: NodeJS.Timeout;
  private closing: (() => void) | undefined;

  constructor(
    url: URL,
    private readonly options: Http1PoolOptions,
  ) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new RangeError(`URL must use http or https, got ${url.protocol}`);
    }
    this.tls = url.protocol === 'https:';
    this.host = url.hostname.replace(/^\[|\]$/g, '');
    const defaultPort = this.tls ? 443 : 80;
    this.port = url.port === '' ? defaultPort : Number(url.port);
    this.head = `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\ntraceparent: `;
    this.tail = options.tracestate === undefined ? '\r\n\r\n' : `\r\ntracestate: ${options.tracestate}\r\n\r\n`;
    this.sweepTimer = setInterval(() => {
      this.sweep();
    }, Http1Pool.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  /** Sends one request carrying `traceparent` and calls `onOutcome` once it ends. */
  send(traceparent: string, onOutcome: OutcomeCallback): void {
    const request: PendingRequest = { traceparent, onOutcome, queuedAt: performance.now() };
    if (this.closing !== undefined) {
      settle(request, 0, 'other', request.queuedAt);
      return;
    }

    const connection = this.idle.pop();
    if (connection !== undefined) {
      connection.start(request);
    } else if (this.all.size < this.options.connections) {
      this.open().start(request);
    } else {
      this.queue.push(request);
    }
  }

  /** Closes every connection once its request in flight has ended; resolves when all are closed. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.closing = resolve;
      for (const connection of this.idle) connection.destroy();
      this.idle.length = 0;
      this.resolveIfClosed();
    });
  }

  /** Renders the request that carries `traceparent`. */
  render(traceparent: string): string {
    return this.head + traceparent + this.tail;
  }

  private open(): Connection {
    const socket = this.tls
      ? connectTls({ host: this.host, port: this.port, ALPNProtocols: ['http/1.1'], ...(isIP(this.host) === 0 ? { servername: this.host } : {}) }).setNoDelay(true)
      : connect({ host: this.host, port: this.port, noDelay: true });
    const connection = new Connection(this, socket, this.tls ? 'secureConnect' : 'connect');
    this.all.add(connection);
    return connection;
  }

  /** Called by a connection that finished its request and can take another. */
  released(connection: Connection): void {
    const next = this.dequeue();
    if (next !== undefined) {
      connection.start(next);
    } else if (this.closing !== undefined) {
      connection.destroy();
    } else {
      this.idle.push(connection);
    }
  }

  /** Called by a connection once its socket has closed. */
  removed(connection: Connection): void {
    this.all.delete(connection);
    const index = this.idle.indexOf(connection);
    if (index !== -1) this.idle.splice(index, 1);
    if (connection.established) this.options.onDisconnect?.();

    // A queued request takes the closed connection's place. Each queued
    // request makes at most one attempt, so a refused port fails them one
    // by one instead of looping.
    const next = this.closing === undefined ? this.dequeue() : undefined;
    if (next !== undefined) this.open().start(next);
    this.resolveIfClosed();
  }

  /** Called by a connection when its socket is established. */
  connected(): void {
    this.options.onConnect?.();
  }

  private dequeue(): PendingRequest | undefined {
    if (this.queueHead >= this.queue.length) return undefined;
    const next = this.queue[this.queueHead];
    this.queueHead++;
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    }
    return next;
  }

  private sweep(): void {
    const now = performance.now();
    const limit = this.options.timeoutMs;
    for (const connection of this.all) connection.expireIfLate(now, limit);

    // Waiting requests are in arrival order, so the first one still in time ends the scan.
    while (this.queueHead < this.queue.length) {
      const request = this.queue[this.queueHead];
      if (request === undefined || now - request.queuedAt < limit) break;
      this.queueHead++;
      settle(request, 0, 'timeout', now);
    }
    if (this.queueHead === this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    }
  }

  private resolveIfClosed(): void {
    if (this.closing !== undefined && this.all.size === 0) {
      clearInterval(this.sweepTimer);
      this.closing();
    }
  }
}

const enum BodyMode {
  None,
  Length,
  Chunked,
  UntilClose,
}

const crlfcrlf = Buffer.from('\r\n\r\n');

/** One keep-alive connection with at most one request in flight. */
class Connection {
  established = false;
  private active: ActiveRequest | undefined;
  private buffered: Buffer | undefined;
  private statusCode = 0;
  private mode = BodyMode.None;
  private remaining = 0;
  private inBody = false;
  private closeAfter = false;
  private chunkState: ChunkedBody | undefined;
  private failure: Error | undefined;
  private readonly openedAt = performance.now();

  constructor(
    private readonly pool: Http1Pool,
    private readonly socket: Socket,
    connectEvent: 'connect' | 'secureConnect',
  ) {
    socket.on(connectEvent, () => {
      this.established = true;
      pool.connected();
    });
    socket.on('data', (chunk: Buffer) => {
      this.onData(chunk);
    });
    socket.on('error', (error: Error) => {
      this.failure ??= error;
    });
    socket.on('close', () => {
      this.onClose();
    });
  }

  start(request: PendingRequest): void {
    const sentAt = performance.now();
    this.active = { ...request, sentAt };
    this.statusCode = 0;
    this.inBody = false;
    this.socket.write(this.pool.render(request.traceparent), 'latin1');
  }

  destroy(error?: Error): void {
    if (error !== undefined) this.failure ??= error;
    this.socket.destroy();
  }

  expireIfLate(now: number, limitMs: number): void {
    if (this.active !== undefined && now - this.active.queuedAt >= limitMs) {
      this.destroy(new RequestTimeoutError(limitMs));
    } else if (!this.established && now - this.openedAt >= limitMs) {
      this.destroy(new ConnectTimeoutError(limitMs));
    }
  }

  private onData(chunk: Buffer): void {
    let data = this.buffered === undefined ? chunk : Buffer.concat([this.buffered, chunk]);
    this.buffered = undefined;
    try {
      while (data.length > 0) {
        if (this.active === undefined) {
          throw new ResponseParseError('data arrived with no request in flight');
        }
        const consumed = this.inBody ? this.readBody(data) : this.readHead(data);
        if (consumed < 0) {
          // An incomplete head: keep it for the next chunk.
          this.buffered = data;
          return;
        }
        data = data.subarray(consumed);
      }
    } catch (error) {
      this.destroy(error as Error);
    }
  }

  // Returns the bytes consumed, or -1 when the head is not complete yet.
  private readHead(data: Buffer): number {
    const end = data.indexOf(crlfcrlf);
    if (end === -1) {
      if (data.length > 64 * 1024) throw new ResponseParseError('response head over 64 KiB');
      return -1;
    }
    const head = data.toString('latin1', 0, end);
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
    if (status === null) throw new ResponseParseError(`invalid status line: ${JSON.stringify(head.slice(0, 40))}`);
    this.statusCode = Number(status[1]);
    this.readFraming(head);
    this.inBody = true;
    if (this.mode === BodyMode.None) this.complete();
    return end + 4;
  }

  private readFraming(head: string): void {
    this.closeAfter = head.startsWith('HTTP/1.0');
    this.mode = BodyMode.UntilClose;
    let length = -1;
    for (const line of head.split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim().toLowerCase();
      if (name === 'content-length') {
        length = Number(value);
        if (!Number.isSafeInteger(length) || length < 0) throw new ResponseParseError(`invalid Content-Length: ${value}`);
      } else if (name === 'transfer-encoding' && value.split(',').pop()?.trim() === 'chunked') {
        this.mode = BodyMode.Chunked;
      } else if (name === 'connection') {
        const tokens = value.split(',').map((token) => token.trim());
        if (tokens.includes('close')) this.closeAfter = true;
        else if (tokens.includes('keep-alive')) this.closeAfter = false;
      }
    }

    const code = this.statusCode;
    if ((code >= 100 && code < 200) || code === 204 || code === 304) {
      this.mode = BodyMode.None;
    } else if (this.mode === BodyMode.Chunked) {
      this.chunkState = new ChunkedBody();
    } else if (length >= 0) {
      this.mode = length === 0 ? BodyMode.None : BodyMode.Length;
      this.remaining = length;
    } else {
      this.closeAfter = true;
    }
  }

  private readBody(data: Buffer): number {
    switch (this.mode) {
      case BodyMode.Length: {
        const bodyBytes = Math.min(this.remaining, data.length);
        this.remaining -= bodyBytes;
        if (this.remaining === 0) this.complete();
        return bodyBytes;
      }
      case BodyMode.Chunked: {
        const state = this.chunkState ?? new ChunkedBody();
        const bodyBytes = state.consume(data);
        if (state.done) this.complete();
        return bodyBytes;
      }
      case BodyMode.UntilClose:
        return data.length;
      case BodyMode.None:
        throw new ResponseParseError('data after a response without a body');
    }
  }

  private complete(): void {
    const request = this.active;
    if (request === undefined) return;

    if (this.statusCode < 200) {
      // An interim response (100 Continue, 103 Early Hints): the real one follows.
      this.inBody = false;
      return;
    }
    this.active = undefined;
    this.inBody = false;
    settle(request, this.statusCode, classifyStatus(this.statusCode), performance.now());
    if (this.closeAfter) this.socket.destroy();
    else this.pool.released(this);
  }

  private onClose(): void {
    const request = this.active;
    this.active = undefined;
    if (request !== undefined) {
      if (this.inBody && this.mode === BodyMode.UntilClose && this.failure === undefined) {
        settle(request, this.statusCode, classifyStatus(this.statusCode), performance.now());
      } else {
        settle(request, 0, this.failureClass(), performance.now());
      }
    }
    this.pool.removed(this);
  }

  private failureClass(): ErrorClass {
    if (this.failure !== undefined) return classifyError(this.failure);
    // Closed by the server with a request in flight and no response.
    return 'reset';
  }
}

/** Parser of a chunked body; only the framing is read, the data is dropped. */
class ChunkedBody {
  done = false;
  private line = '';
  private remaining = -1;
  private inTrailers = false;

  /** Consumes bytes of the body and returns how many were part of it. */
  consume(data: Buffer): number {
    let offset = 0;
    while (offset < data.length && !this.done) {
      if (this.remaining > 0) {
        const dataBytes = Math.min(this.remaining, data.length - offset);
        this.remaining -= dataBytes;
        offset += dataBytes;
        continue;
      }
      const newline = data.indexOf(10, offset);
      if (newline === -1) {
        this.line += data.toString('latin1', offset);
        if (this.line.length > 4096) throw new ResponseParseError('chunk line over 4 KiB');
        return data.length;
      }
      const line = (this.line + data.toString('latin1', offset, newline)).replace(/\r$/, '');
      this.line = '';
      offset = newline + 1;
      this.onLine(line);
    }
    return offset;
  }

  private onLine(line: string): void {
    if (this.inTrailers) {
      if (line === '') this.done = true;
      return;
    }
    if (this.remaining === 0) {
      // The line break after a chunk's data.
      if (line !== '') throw new ResponseParseError('missing line break after a chunk');
      this.remaining = -1;
      return;
    }
    const size = Number.parseInt(line.split(';')[0] ?? '', 16);
    if (!Number.isSafeInteger(size) || size < 0 || !/^[0-9a-fA-F]+/.test(line)) {
      throw new ResponseParseError(`invalid chunk size: ${JSON.stringify(line.slice(0, 20))}`);
    }
    if (size === 0) {
      this.inTrailers = true;
    } else {
      this.remaining = size;
    }
  }
}

function settle(request: PendingRequest, statusCode: number, errorClass: ErrorClass | undefined, completedAt: number): void {
  const sentAt = 'sentAt' in request ? (request as ActiveRequest).sentAt : completedAt;
  request.onOutcome({ statusCode, errorClass, sentAt, completedAt });
}
