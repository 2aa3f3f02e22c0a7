import type { FastifyPluginCallback } from 'fastify';

import { metricsRegistry } from '../metrics';

/** Registers `GET /metrics`, the Prometheus text exposition of the service's registry. */
export const metricsRoutes: FastifyPluginCallback = (app, _options, done) => {
  app.get(
    '/metrics',
    { schema: { response: { 200: { type: 'string' } } } },
    async (_request, reply) => {
      const text = await metricsRegistry.metrics();
      return reply.type(metricsRegistry.contentType).send(text);
    },
  );

  done();
};
