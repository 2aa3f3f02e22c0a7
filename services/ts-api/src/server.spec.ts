import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

import { requestsInFlight } from './metrics';
import { startServer, stopServer, type RunningServer } from './server';
import { testConfig } from './test-support/config';

const noTelemetry = () => Promise.resolve();

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

async function inFlight(): Promise<number> {
  return (await requestsInFlight.get()).values[0]?.value ?? 0;
}

describe('server', () => {
  let server: RunningServer;
  const config = testConfig({ simulatedIoMs: 5000 });

  beforeAll(async () => {
    server = await startServer(config);
  });

  afterAll(async () => {
    if (server.state.phase !== 'draining') {
      await stopServer(server, config, noTelemetry);
    }
  });

  it('listens on a free port of 127.0.0.1 when PORT is 0', () => {
    expect(server.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(server.address).not.toBe('127.0.0.1:0');
    expect(server.state.phase).toBe('ready');
  });

  it('cancels the simulated wait of a client that disconnects', async () => {
    const pending = request(`http://${server.address}/api/users?ids=a,b`);
    pending.on('error', () => undefined);
    pending.end();
    await sleep(200);
    const during = await inFlight();
    const timersDuring = activeTimers();

    pending.destroy();
    let after = during;
    for (let attempt = 0; attempt < 20 && after > 0; attempt++) {
      await sleep(25);
      after = await inFlight();
    }

    expect(during).toBe(1);
    expect(after).toBe(0);
    // The two 5 s lookups of the request were waiting on timers, now cleared.
    expect(activeTimers()).toBeLessThanOrEqual(timersDuring - 2);
  });

  it('rejects request headers over 32 KiB with 431', async () => {
    const response = await fetch(`http://${server.address}/healthz`, {
      headers: { 'x-padding': 'p'.repeat(40 * 1024) },
    });

    expect(response.status).toBe(431);
  });

  it('serves 8 KiB of headers', async () => {
    const response = await fetch(`http://${server.address}/healthz`, {
      headers: { 'x-padding': 'p'.repeat(8 * 1024) },
    });

    expect(response.status).toBe(200);
  });

  it('stops with exit code 0 and reports draining', async () => {
    const exitCode = await stopServer(server, config, noTelemetry);

    expect(exitCode).toBe(0);
    expect(server.state.phase).toBe('draining');
  });
});
