import type { FastifyPluginCallback } from 'fastify';

/** Lifecycle phase of the service, as /readyz reports it. */
export type Phase = 'starting' | 'ready' | 'draining';

/** Mutable state shared by the server's lifecycle and the routes that report it. */
export interface ServiceState {
  phase: Phase;
}

/** Settings of the health routes. */
export interface HealthRoutesOptions {
  readonly state: ServiceState;
}

const statusSchema = {
  type: 'object',
  properties: { status: { type: 'string' } },
  required: ['status'],
} as const;

/** Registers the liveness probe `GET /healthz` and the readiness probe `GET /readyz`. */
export const healthRoutes: FastifyPluginCallback<HealthRoutesOptions> = (app, options, done) => {
  app.get('/healthz', { schema: { response: { 200: statusSchema } } }, () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { response: { 200: statusSchema, 503: statusSchema } } }, (_request, reply) => {
    const { phase } = options.state;
    if (phase === 'ready') {
      return { status: 'ready' };
    }
    return reply.code(503).send({ status: phase });
  });

  done();
};
