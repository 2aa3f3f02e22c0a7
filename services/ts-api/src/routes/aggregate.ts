import type { FastifyPluginCallback } from 'fastify';

import type { BackendClient, BackendResult } from '../backend-client';
import { problemSchema, ProblemError } from '../problems';
import { parseUserId, queryValueSchema, userSchema, type QueryValue } from '../user-lookup';

/** Dependencies of the aggregate route. */
export interface AggregateRoutesOptions {
  /** Clients of go-api and dotnet-api, in the order of `backends` in the response. */
  readonly backends: readonly BackendClient[];
}

const backendResultSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    ok: { type: 'boolean' },
    latency_ms: { type: 'number' },
    user: userSchema,
    error: { type: 'string' },
  },
  required: ['name', 'ok', 'latency_ms'],
} as const;

const aggregateRouteSchema = {
  querystring: { type: 'object', properties: { user_id: queryValueSchema } },
  response: {
    200: {
      type: 'object',
      properties: {
        user_id: { type: 'string' },
        partial: { type: 'boolean' },
        backends: { type: 'array', items: backendResultSchema },
      },
      required: ['user_id', 'partial', 'backends'],
    },
    400: problemSchema,
    502: problemSchema,
  },
} as const;

/** Registers `GET /api/aggregate`, which requests the same user from go-api and dotnet-api at once. */
export const aggregateRoutes: FastifyPluginCallback<AggregateRoutesOptions> = (app, options, done) => {
  app.get<{ Querystring: { user_id?: QueryValue } }>(
    '/api/aggregate',
    { schema: aggregateRouteSchema },
    async (request) => {
      const userId = parseUserId(request.query.user_id);

      const backends = await Promise.all(
        options.backends.map((backend) => backend.fetchUser(userId, request.signal)),
      );

      const failed = backends.filter((result) => !result.ok);
      if (failed.length === backends.length) {
        throw new ProblemError('backend-unavailable', describeFailures(backends));
      }
      return { user_id: userId, partial: failed.length > 0, backends };
    },
  );

  done();
};

function describeFailures(results: readonly BackendResult[]): string {
  return results.map((result) => `${result.name}: ${result.ok ? 'ok' : result.error}`).join('; ');
}
