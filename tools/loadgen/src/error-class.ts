/** The class of a failed request: an HTTP status outside 200-399, or a transport failure. */
export type ErrorClass = `status_${number}` | 'timeout' | 'connect' | 'reset' | 'other';

/** Raised by the generator itself when a request exceeds its per-request timeout. */
export class RequestTimeoutError extends Error {
  readonly code = 'LOADGEN_TIMEOUT';

  constructor(timeoutMs: number) {
    super(`request timed out after ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

const connectCodes = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'EADDRINUSE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EMFILE',
  'ENFILE',
  // Connection set-up that did not finish in time: the request never reached the server.
  'UND_ERR_CONNECT_TIMEOUT',
]);
const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const timeoutCodes = new Set(['LOADGEN_TIMEOUT', 'ETIMEDOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Returns the class of an HTTP status, or undefined for a success (200-399, as vegeta counts it). */
export function classifyStatus(statusCode: number): ErrorClass | undefined {
  return statusCode >= 200 && statusCode < 400 ? undefined : `status_${statusCode}`;
}

/**
 * Classifies a transport error by its `code`, or the code of an error in its
 * `cause` chain. Errors are matched by shape, not `instanceof Error`, because
 * Node's own errors come from another realm under a test runner's sandbox.
 */
export function classifyError(error: unknown): ErrorClass {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') {
      if (timeoutCodes.has(code)) return 'timeout';
      if (connectCodes.has(code)) return 'connect';
      if (resetCodes.has(code)) return 'reset';
    }
    current = cause;
  }
  return 'other';
}
