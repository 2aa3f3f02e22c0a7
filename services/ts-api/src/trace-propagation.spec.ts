// Starts the SDK before the app is loaded, as main.ts does.
import { startTestTracing, untracedFetch } from './test-support/tracing';

const tracing = startTestTracing();

import { SpanKind } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';

import { buildApp } from './app';
import { testConfig } from './test-support/config';
import { startFakeBackend, userAnswer, type FakeBackend } from './test-support/fake-backend';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const parentId = '00f067aa0ba902b7';
const tracestate = 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE';
const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('trace context propagation', () => {
  let goApi: FakeBackend;
  let dotnetApi: FakeBackend;
  let app: FastifyInstance;
  let baseUrl: string;

  beforeAll(async () => {
    goApi = await startFakeBackend(userAnswer('go-api'));
    dotnetApi = await startFakeBackend(userAnswer('dotnet-api'));
    const config = testConfig({ goApiUrl: goApi.url, dotnetApiUrl: dotnetApi.url, traceContextTestEndpoint: true });
    app = buildApp(config, { phase: 'ready' });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app.close();
    await goApi.close();
    await dotnetApi.close();
    await tracing.stop();
  });

  beforeEach(() => {
    goApi.requests.length = 0;
    tracing.exporter.reset();
  });

  it('carries the incoming trace id to both aggregate backends with new parent ids', async () => {
    const response = await untracedFetch(`${baseUrl}/api/aggregate?user_id=t1`, {
      headers: { traceparent: `00-${traceId}-${parentId}-01`, tracestate },
    });

    expect(response.status).toBe(200);
    for (const backend of [goApi, dotnetApi]) {
      const sent = backend.requests.at(-1)?.headers;
      const match = traceparentPattern.exec(String(sent?.traceparent));
      expect(match?.[1]).toBe(traceId);
      expect(match?.[2]).not.toBe(parentId);
      expect(sent?.tracestate).toBe(tracestate);
    }
  });

  it('records a client span for each backend call', async () => {
    await untracedFetch(`${baseUrl}/api/aggregate?user_id=t2`, { headers: { traceparent: `00-${traceId}-${parentId}-01` } });
    const clientSpans = () =>
      tracing.exporter
        .getFinishedSpans()
        .filter(
          (span) =>
            span.kind === SpanKind.CLIENT &&
            span.spanContext().traceId === traceId &&
            String(span.attributes['url.full']).endsWith('user_id=t2'),
        );

    // The undici instrumentation ends a client span on `undici:request:trailers`,
    // which nothing orders before the route's response, so the spans may end after it.
    await waitUntil(() => clientSpans().length >= 2, 2_000);

    expect(clientSpans()).toHaveLength(2);
  });

  it('forwards trace context and arguments through POST /test', async () => {
    const response = await untracedFetch(`${baseUrl}/test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${parentId}-01`, tracestate },
      body: JSON.stringify([
        { url: `${goApi.url}/callback`, arguments: [{ n: 1 }] },
        { url: 'http://127.0.0.1:9/refused', arguments: [] },
        { url: `${goApi.url}/callback`, arguments: ['two', 2] },
      ]),
    });

    expect(response.status).toBe(200);
    expect(goApi.requests.map((request) => JSON.parse(request.body) as unknown)).toEqual([[{ n: 1 }], ['two', 2]]);
    const match = traceparentPattern.exec(String(goApi.requests[0]?.headers.traceparent));
    expect(match?.[1]).toBe(traceId);
    expect(match?.[2]).not.toBe(parentId);
    expect(goApi.requests[0]?.headers.tracestate).toBe(tracestate);
  });

  it('puts the incoming trace id in problem documents', async () => {
    const response = await untracedFetch(`${baseUrl}/api/user`, { headers: { traceparent: `00-${traceId}-${parentId}-01` } });

    const problem = (await response.json()) as { trace_id: string };
    expect(problem.trace_id).toBe(traceId);
  });

  it('names the server span after the route', async () => {
    await untracedFetch(`${baseUrl}/api/user?user_id=u1`);

    const spans = tracing.exporter.getFinishedSpans();
    const server = spans.find((span) => span.kind === SpanKind.SERVER);
    const lookup = spans.find((span) => span.name === 'simulated-io');
    expect(server?.name).toBe('GET /api/user');
    expect(server?.attributes['http.route']).toBe('/api/user');
    expect(lookup?.parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
    expect(spans.map((span) => span.name).sort()).toEqual(['GET /api/user', 'simulated-io']);
  });

  it('records a simulated-io span per lookup', async () => {
    await untracedFetch(`${baseUrl}/api/users?ids=a,b,c`);

    const lookups = tracing.exporter.getFinishedSpans().filter((span) => span.name === 'simulated-io');
    expect(lookups).toHaveLength(3);
    expect(lookups[0]?.attributes['simulated_io.duration_ms']).toBe(1);
  });
});
