import { runClosedLoad } from './run-load';
import { openFilesLimit } from './system-limits';
import { respondAfter, startTestServer, type TestServer } from './test-support/test-server';

describe('runClosedLoad', () => {
  let server: TestServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('holds the requested connections with one request in flight on each', async () => {
    // With a 200 ms response, the client's own turnaround (longer on a busy
    // machine) stays small against the time each request is in flight.
    const testServer = await startTestServer(respondAfter(200));
    server = testServer;
    const atPlateau: { sockets: number; inFlight: number }[] = [];

    const result = await runClosedLoad({
      url: testServer.url,
      connections: 40,
      durationMs: 1000,
      rampRate: 400,
      onPlateau: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        atPlateau.push({ sockets: testServer.openSockets(), inFlight: testServer.inFlight });
      },
    });

    expect(atPlateau).toHaveLength(1);
    expect(atPlateau[0]?.sockets).toBe(40);
    expect(atPlateau[0]?.inFlight).toBeGreaterThanOrEqual(36);
    expect(testServer.peakInFlight).toBe(40);
    expect(result.plateau?.connections).toBe(40);
    expect(result.peakConnections).toBe(40);
    expect(result.plateau?.durationMs).toBeGreaterThanOrEqual(1000);
    expect(result.errors.total).toBe(0);
    // 40 users with about 200 ms per request: close to 200 requests per second.
    expect(result.throughput).toBeGreaterThan(100);
  });

  it('rejects more connections than the open-files limit allows', async () => {
    const limit = openFilesLimit();
    expect(limit).toBeDefined();

    await expect(
      runClosedLoad({ url: 'http://127.0.0.1:9/', connections: (limit ?? 0) + 1, durationMs: 1000 }),
    ).rejects.toThrow(/open-files limit of \d+ \(ulimit -n\)/);
  });
});
