import http from 'node:http';

/** The only host the script sends requests to: the service under test listens there. */
export const SERVICE_HOST = '127.0.0.1';

/** Time after which a request without progress is abandoned and counted as failed. */
const REQUEST_TIMEOUT_MS = 10_000;

/** A response: status, `RateLimit` header and body text. */
export interface Response {
  status: number;
  rateLimit?: string;
  body: string;
}

/** Counts of the requests of one phase: sent, succeeded with 2xx, and failures by status or error code. */
export interface RequestTally {
  sent: number;
  succeeded: number;
  failures: Record<string, number>;
  /** Responses whose `RateLimit` header showed a bucket that this request created. */
  newBuckets: number;
}

/**
 * Sends `GET path` to the service from a socket bound to `localAddress`, on
 * a connection of its own that closes after the response.
 */
export function get(port: number, path: string, localAddress: string, signal: AbortSignal): Promise<Response> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      { host: SERVICE_HOST, port, path, localAddress, agent: false, signal, timeout: REQUEST_TIMEOUT_MS },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const rateLimit = response.headers.ratelimit;
          resolve({
            status: response.statusCode ?? 0,
            ...(typeof rateLimit === 'string' ? { rateLimit } : {}),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    request.on('timeout', () => {
      request.destroy(new Error(`no response from ${SERVICE_HOST}:${port}${path} within ${REQUEST_TIMEOUT_MS} ms`));
    });
    request.on('error', reject);
  });
}

/**
 * Sends one `GET path` from each address in `addresses`, in order, with at
 * most `concurrency` requests in flight, and counts the outcomes. An address
 * may repeat. `isNewBucket` reads a response's `RateLimit` header.
 */
export async function sendFromEach(
  addresses: readonly string[],
  port: number,
  path: string,
  concurrency: number,
  signal: AbortSignal,
  isNewBucket: (rateLimit: string | undefined) => boolean = () => false,
): Promise<RequestTally> {
  const tally: RequestTally = { sent: 0, succeeded: 0, failures: {}, newBuckets: 0 };
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < addresses.length) {
      signal.throwIfAborted();
      const address = addresses[next] ?? '';
      next++;
      tally.sent++;
      try {
        const response = await get(port, path, address, signal);
        countResponse(tally, response, isNewBucket);
      } catch (error) {
        signal.throwIfAborted();
        countFailure(tally, errorCode(error));
      }
    }
  };

  const workers = Array.from({ length: Math.min(concurrency, addresses.length) }, worker);
  await Promise.all(workers);
  return tally;
}

/** Returns the number of requests of a tally that failed. */
export function failedCount(tally: RequestTally): number {
  return Object.values(tally.failures).reduce((sum, count) => sum + count, 0);
}

function countResponse(tally: RequestTally, response: Response, isNewBucket: (rateLimit?: string) => boolean): void {
  if (response.status < 200 || response.status > 299) {
    countFailure(tally, `HTTP ${response.status}`);
    return;
  }
  tally.succeeded++;
  if (isNewBucket(response.rateLimit)) {
    tally.newBuckets++;
  }
}

function countFailure(tally: RequestTally, reason: string): void {
  tally.failures[reason] = (tally.failures[reason] ?? 0) + 1;
}

function errorCode(error: unknown): string {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    return error.code;
  }
  return error instanceof Error ? error.message : String(error);
}
