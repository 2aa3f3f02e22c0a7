import { constantRate } from './rate-plan';
import { runOpenLoad } from './run-load';
import { closedPort, respondAfter, startTestServer, type TestServer } from './test-support/test-server';

describe('runOpenLoad', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('keeps the target rate', async () => {
    server = await startTestServer(respondAfter(10));
    const progress: number[] = [];

    const result = await runOpenLoad({
      url: server.url,
      stages: constantRate(200, 2000),
      workers: 2,
      progressIntervalMs: 500,
      onProgress: (update) => progress.push(update.sent),
    });

    expect(result.requests.sent).toBe(400);
    expect(result.requests.ok).toBe(400);
    expect(server.traceparents).toHaveLength(400);
    expect(result.achievedRate).toBeGreaterThan(190);
    expect(result.achievedRate).toBeLessThanOrEqual(200);
    expect(result.errors.total).toBe(0);
    expect(result.latency.p50).toBeGreaterThanOrEqual(10);
    expect(result.latency.p50).toBeLessThan(40);
    expect(progress.length).toBeGreaterThanOrEqual(2);
  });

  it('sends a valid traceparent with every request and samples the configured share', async () => {
    server = await startTestServer(respondAfter(1));

    const result = await runOpenLoad({
      url: server.url,
      stages: constantRate(500, 1000),
      sampleRatio: 0.5,
      tracestate: 'triad=test',
    });

    const sampled = server.traceparents.filter((header) => header.endsWith('-01')).length;
    expect(server.traceparents).toHaveLength(500);
    for (const header of server.traceparents) {
      expect(header).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    }
    expect(new Set(server.traceparents).size).toBe(500);
    expect(server.tracestates.every((tracestate) => tracestate === 'triad=test')).toBe(true);
    expect(sampled).toBeGreaterThan(200);
    expect(sampled).toBeLessThan(300);
    expect(result.sampledTraces.sampledRequests).toBe(sampled);
    expect(result.sampledTraces.first).toHaveLength(100);
    expect(result.sampledTraces.slowest).toHaveLength(20);
    const sentTraceIds = new Set(server.traceparents.map((header) => header.split('-')[1]));
    expect(result.sampledTraces.first.every((sample) => sentTraceIds.has(sample.traceId))).toBe(true);
  });

  it('counts a server stall in latency but not in service time', async () => {
    // One connection, one stall of 500 ms: the requests due meanwhile wait for
    // the connection, so latency from their intended send time shows the stall
    // while their service time from the actual send does not.
    server = await startTestServer((request, response, index) => {
      respondAfter(index === 50 ? 500 : 2)(request, response, index);
    });

    const result = await runOpenLoad({
      url: server.url,
      stages: constantRate(100, 2000),
      workers: 1,
      maxConnections: 1,
    });

    expect(result.requests.ok).toBe(200);
    expect(result.latency.max).toBeGreaterThan(450);
    expect(result.latency.p90).toBeGreaterThan(200);
    expect(result.serviceTime.max).toBeGreaterThan(450);
    expect(result.serviceTime.p90).toBeLessThan(50);
    expect(result.connectionWaits).toBeGreaterThan(30);
    expect(result.lateSends.count).toBeGreaterThan(30);
  });

  it('reports status errors by code', async () => {
    server = await startTestServer(respondAfter(1, 500));

    const result = await runOpenLoad({ url: server.url, stages: constantRate(50, 1000) });

    expect(result.errors.byClass).toEqual({ status_500: 50 });
    expect(result.requests.responses).toBe(50);
    expect(result.requests.ok).toBe(0);
  });

  it('classifies a timeout', async () => {
    server = await startTestServer(() => {
      // Never answers.
    });

    const result = await runOpenLoad({ url: server.url, stages: constantRate(20, 1000), timeoutMs: 300 });

    expect(result.errors.byClass).toEqual({ timeout: 20 });
    expect(result.requests.responses).toBe(0);
    expect(result.elapsedMs).toBeLessThan(2500);
  });

  it('classifies a refused connection as connect', async () => {
    const port = await closedPort();

    const result = await runOpenLoad({ url: `http://127.0.0.1:${port}/api/user?user_id=u1`, stages: constantRate(20, 1000) });

    expect(result.errors.byClass).toEqual({ connect: 20 });
  });

  it('reports each rate step', async () => {
    server = await startTestServer(respondAfter(1));

    const result = await runOpenLoad({ url: server.url, stages: [{ rate: 50, durationMs: 1000 }, { rate: 150, durationMs: 1000 }] });

    expect(result.stages.map((stage) => stage.requests.sent)).toEqual([50, 150]);
    expect(result.stages.map((stage) => stage.targetRate)).toEqual([50, 150]);
    expect(result.requests.sent).toBe(200);
    expect(result.targetRate).toBe(100);
  });

  it('rejects a URL that is not http or https', async () => {
    await expect(runOpenLoad({ url: 'ftp://127.0.0.1/x', stages: constantRate(1, 1000) })).rejects.toThrow('http or https');
  });
});
