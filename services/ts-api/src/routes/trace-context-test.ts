import type { FastifyPluginCallback } from 'fastify';
import { request as httpRequest } from 'undici';

import { logger } from '../logger';
import { problemSchema, ProblemError } from '../problems';

/** One step of the W3C Trace Context test harness: POST `arguments` to `url`. */
interface Callback {
  readonly url: string;
  readonly arguments: unknown[];
}

// Each callback gets this long, so a silent harness cannot hold the request forever.
const callbackTimeoutMs = 5000;

const testRouteSchema = {
  // Any JSON value; parseCallbacks checks it so that each case gets the contract's detail.
  body: {},
  response: { '4xx': problemSchema },
} as const;

/**
 * Registers `POST /test`, the endpoint the W3C Trace Context test suite
 * drives: it forwards each item to its URL with the current trace context,
 * which the undici instrumentation injects.
 */
export const traceContextTestRoutes: FastifyPluginCallback = (app, _options, done) => {
  app.post('/test', { schema: testRouteSchema }, async (request, reply) => {
    const callbacks = parseCallbacks(request.body);

    for (const callback of callbacks) {
      await postCallback(callback);
    }
    return reply.code(200).send();
  });

  done();
};

async function postCallback(callback: Callback): Promise<void> {
  try {
    const response = await httpRequest(callback.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(callback.arguments),
      signal: AbortSignal.timeout(callbackTimeoutMs),
    });
    await response.body.dump();
  } catch (error) {
    logger.warn({ url: callback.url, error: error instanceof Error ? error.message : String(error) }, 'callback failed');
  }
}

function parseCallbacks(body: unknown): Callback[] {
  if (!Array.isArray(body) || !body.every(isCallback)) {
    throw new ProblemError('invalid-parameter', 'request body must be a JSON array of {url, arguments}');
  }
  if (!body.every((callback) => isHttpUrl(callback.url))) {
    throw new ProblemError('invalid-parameter', 'url must be an absolute http or https URL');
  }
  return body;
}

function isCallback(value: unknown): value is Callback {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const candidate = value as Record<string, unknown>;
  return typeof candidate.url === 'string' && Array.isArray(candidate.arguments);
}

function isHttpUrl(text: string): boolean {
  const url = URL.parse(text);
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:');
}
