import { simulateIo } from './simulated-io';
import { serviceName } from './logger';
import { ProblemError } from './problems';

/** User record the lookup routes return. */
export interface User {
  user_id: string;
  status: 'active';
  timestamp: number;
  service: string;
}

/** JSON schema of a User, members in the contract's order. */
export const userSchema = {
  type: 'object',
  properties: {
    user_id: { type: 'string' },
    status: { type: 'string' },
    timestamp: { type: 'integer' },
    service: { type: 'string' },
  },
  required: ['user_id', 'status', 'timestamp', 'service'],
} as const;

/** Most ids one `/api/users` request may list. */
export const maxIds = 100;

const userIdPattern = /^[A-Za-z0-9_-]{1,64}$/;
const idCharacters = "1 to 64 characters of A-Z, a-z, 0-9, '_' or '-'";

/**
 * Query parameter as the query string parser returns it: a string, an array
 * when the parameter is repeated, or undefined when it is missing.
 */
export type QueryValue = string | string[] | undefined;

/** JSON schema of a QueryValue; the checks themselves run in the parse functions. */
export const queryValueSchema = {
  anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
} as const;

/** Returns the valid `user_id` of a query or throws ProblemError `invalid-parameter`. */
export function parseUserId(value: QueryValue): string {
  if (value === undefined) {
    throw new ProblemError('invalid-parameter', 'user_id is required');
  }
  if (Array.isArray(value)) {
    throw new ProblemError('invalid-parameter', 'user_id must be given once');
  }
  if (!userIdPattern.test(value)) {
    throw new ProblemError('invalid-parameter', `user_id must be ${idCharacters}`);
  }
  return value;
}

/** Returns the valid ids of an `ids` query parameter, in order, or throws ProblemError `invalid-parameter`. */
export function parseIds(value: QueryValue): string[] {
  if (value === undefined) {
    throw new ProblemError('invalid-parameter', 'ids is required');
  }
  if (Array.isArray(value)) {
    throw new ProblemError('invalid-parameter', 'ids must be given once');
  }
  const ids = value.split(',');
  if (ids.length > maxIds) {
    throw new ProblemError('invalid-parameter', `ids must list at most ${maxIds} ids`);
  }
  if (!ids.every((id) => userIdPattern.test(id))) {
    throw new ProblemError('invalid-parameter', `each id must be ${idCharacters}`);
  }
  return ids;
}

/** Looks a user up: one simulated wait, cancelled when `signal` aborts. */
export async function lookUpUser(userId: string, simulatedIoMs: number, signal: AbortSignal): Promise<User> {
  await simulateIo(simulatedIoMs, signal);
  return { user_id: userId, status: 'active', timestamp: Date.now(), service: serviceName };
}
