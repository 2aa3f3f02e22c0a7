import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link waitForReady}. */
export interface ReadinessOptions {
  /** Give up after this long, in milliseconds. */
  timeoutMs: number;
  /** Time between two probes, in milliseconds. Default 200. */
  intervalMs?: number;
  /** Time limit of one probe, in milliseconds. Default 1000. */
  probeTimeoutMs?: number;
  /** Settles when the process behind the URL ends; waiting stops early then. */
  exited?: Promise<string>;
}

/** The outcome of waiting for readiness. */
export type ReadinessOutcome =
  | { ready: true; elapsedMs: number }
  | { ready: false; reason: 'timeout'; lastProbe: string }
  | { ready: false; reason: 'exited'; exit: string };

/**
 * Probes `GET url` until it returns 200, the process exits or the timeout
 * passes. The last probe's outcome (status or connection error) is kept for
 * the error message.
 */
export async function waitForReady(url: string, options: ReadinessOptions): Promise<ReadinessOutcome> {
  const { timeoutMs, intervalMs = 200, probeTimeoutMs = 1000 } = options;
  const started = Date.now();
  let exit: string | undefined;
  void options.exited?.then((outcome) => {
    exit = outcome;
  });
  let lastProbe = 'not probed yet';

  for (;;) {
    lastProbe = await probe(url, probeTimeoutMs);
    if (lastProbe === 'status 200') return { ready: true, elapsedMs: Date.now() - started };
    if (exit !== undefined) return { ready: false, reason: 'exited', exit };
    if (Date.now() - started + intervalMs > timeoutMs) return { ready: false, reason: 'timeout', lastProbe };
    await sleep(intervalMs);
  }
}

/** Probes `GET url` once and describes the outcome: `status <code>` or the connection error. */
export async function probe(url: string, timeoutMs: number): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return `status ${response.status}`;
  } catch (error) {
    return describeFetchError(error);
  }
}

// Checks names, not classes: the abort error is a DOMException, which is no
// `Error` subclass in every realm (Jest's test environments among them).
function describeFetchError(error: unknown): string {
  const { name, message, cause } = error as { name?: string; message?: string; cause?: { code?: string } };
  if (name === 'TimeoutError') return 'timed out';
  if (cause?.code) return cause.code;
  return message ?? String(error);
}
