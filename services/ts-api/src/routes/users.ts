import type { FastifyPluginCallback } from 'fastify';

import { mapWithConcurrencyLimit } from '../limiter';
import { problemSchema } from '../problems';
import { lookUpUser, parseIds, parseUserId, queryValueSchema, userSchema, type QueryValue } from '../user-lookup';

/** Settings of the user routes. */
export interface UserRoutesOptions {
  readonly simulatedIoMs: number;
  readonly fanoutLimit: number;
}

const userRouteSchema = {
  querystring: { type: 'object', properties: { user_id: queryValueSchema } },
  response: { 200: userSchema, 400: problemSchema },
} as const;

const usersRouteSchema = {
  querystring: { type: 'object', properties: { ids: queryValueSchema } },
  response: {
    200: { type: 'object', properties: { users: { type: 'array', items: userSchema } }, required: ['users'] },
    400: problemSchema,
  },
} as const;

// #region user-routes
/** Registers `GET /api/user` and `GET /api/users`. */
export const userRoutes: FastifyPluginCallback<UserRoutesOptions> = (app, options, done) => {
  app.get<{ Querystring: { user_id?: QueryValue } }>(
    '/api/user',
    { schema: userRouteSchema },
    async (request) => {
      const userId = parseUserId(request.query.user_id);

      return lookUpUser(userId, options.simulatedIoMs, request.signal);
    },
  );

  app.get<{ Querystring: { ids?: QueryValue } }>('/api/users', { schema: usersRouteSchema }, async (request) => {
    const ids = parseIds(request.query.ids);

    const users = await mapWithConcurrencyLimit(ids, options.fanoutLimit, request.signal, (id) =>
      lookUpUser(id, options.simulatedIoMs, request.signal),
    );
    return { users };
  });

  done();
};
// #endregion user-routes
