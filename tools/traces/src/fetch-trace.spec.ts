import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchTrace, JaegerQueryError } from './fetch-trace';
import type { JaegerResponse, JaegerTrace } from './jaeger-model';
import { loadResponse } from './test-support/fixtures';

interface Answer {
  status: number;
  body: unknown;
}

// Starts a stand-in for Jaeger's query API that returns the given responses
// in order and repeats the last one. It records the requested paths.
async function startJaeger(answers: Answer[]): Promise<{ url: string; paths: string[]; server: Server }> {
  const paths: string[] = [];
  const server = createServer((request, response) => {
    paths.push(request.url ?? '');
    const answer = answers[Math.min(paths.length, answers.length) - 1];
    response.writeHead(answer?.status ?? 500, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer?.body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, paths, server };
}

const notFound: Answer = { status: 404, body: { data: null, errors: [{ code: 404, msg: 'trace not found' }] } };

function ok(body: JaegerResponse<JaegerTrace[]>): Answer {
  return { status: 200, body };
}

describe('fetchTrace', () => {
  let server: Server | undefined;

  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it('polls until every expected service is present', async () => {
    const complete = loadResponse('aggregate-complete');
    const partial = loadResponse('aggregate-without-dotnet');
    const jaeger = await startJaeger([notFound, ok(partial), ok(complete)]);
    server = jaeger.server;
    const traceId = complete.data?.[0]?.traceID ?? '';

    const trace = await fetchTrace(jaeger.url, traceId, {
      intervalMs: 10,
      expectServices: ['ts-api', 'go-api', 'dotnet-api'],
    });

    expect(trace?.spans).toHaveLength(7);
    expect(jaeger.paths).toEqual([1, 2, 3].map(() => `/api/traces/${traceId}`));
  });

  it('returns the last partial trace at the timeout', async () => {
    const partial = loadResponse('aggregate-without-dotnet');
    const jaeger = await startJaeger([ok(partial)]);
    server = jaeger.server;

    const trace = await fetchTrace(jaeger.url, partial.data?.[0]?.traceID ?? '', {
      timeoutMs: 100,
      intervalMs: 10,
      expectServices: ['dotnet-api'],
    });

    expect(trace?.spans).toHaveLength(5);
    expect(jaeger.paths.length).toBeGreaterThan(1);
  });

  it('returns undefined for a trace Jaeger never finds', async () => {
    const jaeger = await startJaeger([notFound]);
    server = jaeger.server;

    const trace = await fetchTrace(jaeger.url, '4bf92f3577b34da6a3ce929d0e0e4736', { timeoutMs: 50, intervalMs: 10 });

    expect(trace).toBeUndefined();
  });

  it('raises when Jaeger cannot be reached', async () => {
    const jaeger = await startJaeger([notFound]);
    jaeger.server.close();

    const fetching = fetchTrace(jaeger.url, '4bf92f3577b34da6a3ce929d0e0e4736', { timeoutMs: 50, intervalMs: 10 });

    await expect(fetching).rejects.toThrow(JaegerQueryError);
    await expect(fetching).rejects.toThrow(/could not query Jaeger at http:\/\/127\.0\.0\.1:\d+ within 50 ms/);
  });

  it('raises on an error answer that never clears', async () => {
    const jaeger = await startJaeger([{ status: 500, body: { errors: [{ code: 500, msg: 'boom' }] } }]);
    server = jaeger.server;

    const fetching = fetchTrace(jaeger.url, '4bf92f3577b34da6a3ce929d0e0e4736', { timeoutMs: 50, intervalMs: 10 });

    const error = await fetching.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JaegerQueryError);
    expect(String((error as Error).cause)).toContain('returned status 500');
  });

  it('rejects a malformed trace id', async () => {
    await expect(fetchTrace('http://127.0.0.1:1', 'ABC')).rejects.toThrow(RangeError);
  });
});
