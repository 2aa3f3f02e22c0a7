import { serviceOf, type JaegerResponse, type JaegerTrace } from './jaeger-model';

/** Options of {@link fetchTrace}. */
export interface FetchTraceOptions {
  /** How long to keep polling, in milliseconds. Default 10000. */
  timeoutMs?: number;
  /** Time between two polls, in milliseconds. Default 250. */
  intervalMs?: number;
  /** Services that must each have at least one span before polling stops. */
  expectServices?: readonly string[];
  /** Cancels the polling. */
  signal?: AbortSignal;
}

/** Raised when Jaeger's query API cannot be reached or responds with an error. */
export class JaegerQueryError extends Error {
  override readonly name = 'JaegerQueryError';
}

const traceIdPattern = /^[0-9a-f]{32}$/;

/**
 * Polls `GET <jaegerUrl>/api/traces/<traceId>` until the trace contains spans of
 * every expected service, or the timeout passes.
 *
 * Spans reach Jaeger in batches, from each service on its own schedule, so the
 * first response may contain only part of a trace. Returns the last trace Jaeger
 * returned (complete or not), or undefined when Jaeger never found it. Throws
 * {@link JaegerQueryError} when Jaeger could not be queried at all until the
 * timeout, with the last failure as the cause.
 */
export async function fetchTrace(
  jaegerUrl: string,
  traceId: string,
  options: FetchTraceOptions = {},
): Promise<JaegerTrace | undefined> {
  if (!traceIdPattern.test(traceId)) {
    throw new RangeError(`trace id must be 32 lowercase hex digits, got "${traceId}"`);
  }
  const { timeoutMs = 10_000, intervalMs = 250, expectServices = [], signal } = options;
  const deadline = Date.now() + timeoutMs;
  const url = new URL(`api/traces/${traceId}`, withTrailingSlash(jaegerUrl));
  let lastTrace: JaegerTrace | undefined;
  let lastFailure: unknown;
  let reached = false;

  for (;;) {
    signal?.throwIfAborted();
    try {
      lastTrace = await queryTrace(url, signal);
      reached = true;
      if (lastTrace && hasServices(lastTrace, expectServices)) return lastTrace;
    } catch (error) {
      if (signal?.aborted) throw error;
      lastFailure = error;
    }
    if (Date.now() + intervalMs > deadline) break;
    await sleep(intervalMs, signal);
  }

  if (!reached) {
    throw new JaegerQueryError(`could not query Jaeger at ${url.origin} within ${timeoutMs} ms`, {
      cause: lastFailure,
    });
  }
  return lastTrace;
}

async function queryTrace(url: URL, signal: AbortSignal | undefined): Promise<JaegerTrace | undefined> {
  const response = await fetch(url, { signal: signal ?? null });
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) {
    throw new JaegerQueryError(`GET ${url.href} returned status ${response.status}: ${await response.text()}`);
  }
  const body = (await response.json()) as JaegerResponse<JaegerTrace[]>;
  return body.data?.[0];
}

function hasServices(trace: JaegerTrace, services: readonly string[]): boolean {
  const present = new Set(trace.spans.map((span) => serviceOf(trace, span)));
  return services.every((service) => present.has(service));
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });
}
