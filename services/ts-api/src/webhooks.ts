import { context, trace, type Context } from '@opentelemetry/api';

import { logger } from './logger';
import { webhookEventsAccepted, webhookEventsProcessed, webhookQueueDepth } from './metrics';
import { ProblemError } from './problems';
import { simulateIo } from './simulated-io';
import { WorkQueue } from './webhook-queue';

/** Webhook event accepted for processing. */
export interface WebhookEvent {
  readonly eventType: string;
  readonly source: string;
  /** Trace context of the request that delivered the event, parent of its processing span. */
  readonly traceContext: Context;
}

/** Longest `type` member and `X-Webhook-Source` header, in characters (code points). */
export const maxWebhookFieldLength = 128;

const tracer = trace.getTracer('ts-api');
// Processing continues during shutdown until the queue is empty, so it is never cancelled.
const neverAborted = new AbortController().signal;

/** Creates the webhook queue: `workers` workers, each event one simulated wait. */
export function createWebhookQueue(workers: number, capacity: number, simulatedIoMs: number): WorkQueue<WebhookEvent> {
  return new WorkQueue<WebhookEvent>({
    workers,
    capacity,
    process: (event) => processWebhook(event, simulatedIoMs),
    onProcessed: () => { webhookEventsProcessed.inc(); },
    onError: (error, event) => {
      logger.error({ error: String(error), event_type: event.eventType }, 'webhook processing failed');
    },
    onDepthChange: (depth) => { webhookQueueDepth.set(depth); },
  });
}

async function processWebhook(event: WebhookEvent, simulatedIoMs: number): Promise<void> {
  const attributes = { 'webhook.event_type': event.eventType, 'webhook.source': event.source };
  await tracer.startActiveSpan('webhook.process', { attributes }, event.traceContext, async (span) => {
    try {
      await simulateIo(simulatedIoMs, neverAborted);
      logger.info({ event_type: event.eventType, webhook_source: event.source }, 'webhook processed');
    } finally {
      span.end();
    }
  });
}

/**
 * Returns the event in a parsed request body, or throws ProblemError
 * `invalid-webhook`. `source` is the `X-Webhook-Source` header.
 */
export function parseWebhookEvent(body: unknown, source: string | undefined): WebhookEvent {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProblemError('invalid-webhook', 'webhook event must be a JSON object');
  }
  const eventType = (body as Record<string, unknown>).type;
  if (typeof eventType !== 'string' || eventType === '' || characterCount(eventType) > maxWebhookFieldLength) {
    throw new ProblemError('invalid-webhook', `type must be a string of 1 to ${maxWebhookFieldLength} characters`);
  }
  if (source !== undefined && characterCount(source) > maxWebhookFieldLength) {
    throw new ProblemError('invalid-webhook', `X-Webhook-Source must be at most ${maxWebhookFieldLength} characters`);
  }
  return { eventType, source: source ?? 'unknown', traceContext: context.active() };
}

/** Records an accepted event; the queue counts the processed ones. */
export function countAccepted(): void {
  webhookEventsAccepted.inc();
}

function characterCount(text: string): number {
  // UTF-16 length is an upper bound of the code point count; count only when it matters.
  return text.length <= maxWebhookFieldLength ? text.length : Array.from(text).length;
}
