import { performance } from 'node:perf_hooks';
import type { Dispatcher, Pool } from 'undici';
import { classifyError, classifyStatus, type ErrorClass, RequestTimeoutError } from './error-class';

/** How one request ended. Times are `performance.now()` values of the worker. */
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

/**
 * Sends GET requests through an undici pool with the low-level dispatch API,
 * which skips the response stream that `request()` builds, and enforces a
 * timeout over the whole request.
 */
export class RequestSender {
  private readonly path: string;
  private readonly tracestate: string | undefined;

  constructor(
    private readonly pool: Pool,
    url: URL,
    private readonly timeoutMs: number,
    tracestate: string | undefined,
  ) {
    this.path = `${url.pathname}${url.search}`;
    this.tracestate = tracestate;
  }

  /** Sends one request carrying `traceparent` and calls `onOutcome` once it ends. */
  send(traceparent: string, onOutcome: OutcomeCallback): void {
    const headers: Record<string, string> = { traceparent };
    if (this.tracestate !== undefined) {
      headers.tracestate = this.tracestate;
    }

    const handler = new OutcomeHandler(this.timeoutMs, onOutcome);
    const options: Dispatcher.DispatchOptions = {
      path: this.path,
      method: 'GET',
      headers,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    };
    try {
      this.pool.dispatch(options, handler);
    } catch (error) {
      handler.fail(error);
    }
  }
}

class OutcomeHandler implements Dispatcher.DispatchHandler {
  private readonly sentAt = performance.now();
  private readonly timer: NodeJS.Timeout;
  private controller: Dispatcher.DispatchController | undefined;
  private statusCode = 0;
  private timedOut = false;
  private settled = false;

  constructor(
    private readonly timeoutMs: number,
    private readonly onOutcome: OutcomeCallback,
  ) {
    this.timer = setTimeout(() => {
      this.expire();
    }, timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.timedOut) {
      controller.abort(new RequestTimeoutError(this.timeoutMs));
    }
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.statusCode = statusCode;
  }

  onResponseData(): void {
    // The body is read and dropped: the benchmark measures time, not content.
  }

  onResponseEnd(): void {
    this.settle(classifyStatus(this.statusCode));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.fail(error);
  }

  fail(error: unknown): void {
    this.statusCode = 0;
    this.settle(this.timedOut ? 'timeout' : classifyError(error));
  }

  private expire(): void {
    this.timedOut = true;
    // A request still queued in the pool has no controller yet; onRequestStart aborts it.
    this.controller?.abort(new RequestTimeoutError(this.timeoutMs));
  }

  private settle(errorClass: ErrorClass | undefined): void {
    if (this.settled) {
      return;
    }
    this.settled = true;
    clearTimeout(this.timer);
    this.onOutcome({ statusCode: this.statusCode, errorClass, sentAt: this.sentAt, completedAt: performance.now() });
  }
}
