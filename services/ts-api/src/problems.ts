import { trace } from '@opentelemetry/api';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { logger } from './logger';

/** Problem types of the contract, keyed by the code that ends their `type` URI. */
export const problemTypes = {
  'invalid-parameter': { status: 400, title: 'Invalid parameter' },
  'invalid-json': { status: 400, title: 'Invalid JSON' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'invalid-webhook': { status: 422, title: 'Invalid webhook event' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  'backend-unavailable': { status: 502, title: 'Backend unavailable' },
  'queue-full': { status: 503, title: 'Queue full' },
  draining: { status: 503, title: 'Shutting down' },
} as const;

/** Stable code of a problem type, such as `invalid-parameter`. */
export type ProblemCode = keyof typeof problemTypes;

/** Problem details document (RFC 9457) with the contract's members, in the contract's order. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  trace_id: string;
}

/** Media type of problem documents (RFC 9457 section 3), sent without a charset parameter. */
export const problemMediaType = 'application/problem+json';

/** JSON schema of a problem document, for the route schemas. */
export const problemSchema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    trace_id: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail', 'instance', 'trace_id'],
} as const;

/**
 * ProblemError is thrown by handlers and hooks; the central error handler
 * turns it into a problem document with the given headers.
 */
export class ProblemError extends Error {
  override name = 'ProblemError';

  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }
}

/** Detail of every internal error; the cause is logged, never sent. */
export const internalDetail = 'an internal error occurred';

const zeroTraceId = '0'.repeat(32);

/** Returns the trace id of the active span, or 32 zeros when tracing is off. */
export function activeTraceId(): string {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext?.traceId ?? zeroTraceId;
}

// #region problem-writer
/** Builds the problem document of `code` for a request to `instance`. */
export function problemDocument(code: ProblemCode, detail: string, instance: string): ProblemDocument {
  const { status, title } = problemTypes[code];
  return {
    type: `urn:triad:problem:${code}`,
    title,
    status,
    detail,
    instance,
    trace_id: activeTraceId(),
  };
}

/** Sends the problem document of `error` as the reply. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: ProblemError): FastifyReply {
  const document = problemDocument(error.code, error.detail, pathOf(request.url));
  // A custom serializer stops Fastify from appending "; charset=utf-8" to a
  // JSON-like content type, and the contract wants the media type alone.
  return reply
    .code(document.status)
    .headers(error.headers)
    .type(problemMediaType)
    .serializer(JSON.stringify)
    .send(document);
}
// #endregion problem-writer

/** Returns the path of a request target, without the query. */
export function pathOf(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

// Fastify's own errors for bodies it refuses before a handler runs.
const fastifyErrorProblems: Readonly<Record<string, ProblemError>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: new ProblemError('unsupported-media-type', 'Content-Type must be application/json'),
  FST_ERR_CTP_BODY_TOO_LARGE: new ProblemError('payload-too-large', 'request body exceeds 1048576 bytes'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: new ProblemError('invalid-json', 'request body is not valid JSON'),
  FST_ERR_CTP_EMPTY_JSON_BODY: new ProblemError('invalid-json', 'request body is not valid JSON'),
};

/** Maps any error to a ProblemError; unknown errors become `internal`. */
export function toProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) {
    return error;
  }
  const code = (error as Partial<FastifyError> | undefined)?.code;
  const known = code === undefined ? undefined : fastifyErrorProblems[code];
  return known ?? new ProblemError('internal', internalDetail);
}

/**
 * Handles every error of every route: the one place where errors become
 * status codes. 5xx causes are logged as `request failed` and hidden from the client.
 */
export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(error);
  if (problemTypes[problem.code].status >= 500) {
    logger.error({ error: errorMessage(error), method: request.method, path: pathOf(request.url) }, 'request failed');
  }
  return sendProblem(request, reply, problem);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
