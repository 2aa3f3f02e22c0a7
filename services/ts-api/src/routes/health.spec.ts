import { buildApp } from '../app';
import { testConfig } from '../test-support/config';
import type { ServiceState } from './health';

describe('probes', () => {
  it('report ok and the phase of the service', async () => {
    const state: ServiceState = { phase: 'starting' };
    const app = buildApp(testConfig(), state);
    const readiness = async () => {
      const response = await app.inject('/readyz');
      return `${response.statusCode} ${response.body}`;
    };

    const starting = await readiness();
    state.phase = 'ready';
    const ready = await readiness();
    state.phase = 'draining';
    const draining = await readiness();
    const health = await app.inject('/healthz');

    expect(starting).toBe('503 {"status":"starting"}');
    expect(ready).toBe('200 {"status":"ready"}');
    expect(draining).toBe('503 {"status":"draining"}');
    expect(health.body).toBe('{"status":"ok"}');
    await app.close();
  });
});
