import type { FastifyPluginCallback } from 'fastify';

import { webhookEventsRejected } from '../metrics';
import { problemSchema, ProblemError } from '../problems';
import type { WorkQueue } from '../webhook-queue';
import { countAccepted, parseWebhookEvent, type WebhookEvent } from '../webhooks';
import type { ServiceState } from './health';

/** Dependencies of the webhook route. */
export interface WebhookRoutesOptions {
  readonly queue: WorkQueue<WebhookEvent>;
  readonly state: ServiceState;
}

const retryAfter = { 'retry-after': '1' };

const webhookRouteSchema = {
  headers: { type: 'object', properties: { 'x-webhook-source': { type: 'string' } } },
  // Any JSON value; parseWebhookEvent checks it so that each case gets the contract's detail.
  body: {},
  response: {
    202: {
      type: 'object',
      properties: { accepted: { type: 'boolean' }, event_type: { type: 'string' } },
      required: ['accepted', 'event_type'],
    },
    '4xx': problemSchema,
    503: problemSchema,
  },
} as const;

/** Registers `POST /webhooks`, which queues events for the worker pool. */
export const webhookRoutes: FastifyPluginCallback<WebhookRoutesOptions> = (app, options, done) => {
  const { queue, state } = options;

  app.post<{ Headers: { 'x-webhook-source'?: string } }>(
    '/webhooks',
    { schema: webhookRouteSchema },
    (request, reply) => {
      // Fastify refuses other content types itself, but lets a bodiless request through.
      if (request.headers['content-type'] === undefined) {
        throw new ProblemError('unsupported-media-type', 'Content-Type must be application/json');
      }
      const event = parseWebhookEvent(request.body, request.headers['x-webhook-source']);

      if (queue.isFull) {
        webhookEventsRejected.inc({ reason: 'queue_full' });
        throw new ProblemError('queue-full', 'webhook queue is full', retryAfter);
      }
      if (state.phase === 'draining') {
        webhookEventsRejected.inc({ reason: 'draining' });
        throw new ProblemError('draining', 'service is shutting down', retryAfter);
      }
      queue.offer(event);
      countAccepted();

      return reply.code(202).send({ accepted: true, event_type: event.eventType });
    },
  );

  done();
};
