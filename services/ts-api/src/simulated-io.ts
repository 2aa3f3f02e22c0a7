import { setTimeout as sleep } from 'node:timers/promises';

import { SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('ts-api');

// #region cancellation
/**
 * Waits `durationMs` in place of a real lookup, inside a `simulated-io` span.
 * Rejects with the signal's AbortError as soon as `signal` aborts, so a client
 * that disconnects stops the work it started.
 */
export async function simulateIo(durationMs: number, signal: AbortSignal): Promise<void> {
  const attributes = { 'simulated_io.duration_ms': durationMs };
  await tracer.startActiveSpan('simulated-io', { attributes }, async (span) => {
    try {
      await sleep(durationMs, undefined, { signal });
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'cancelled' });
      throw error;
    } finally {
      span.end();
    }
  });
}
// #endregion cancellation
