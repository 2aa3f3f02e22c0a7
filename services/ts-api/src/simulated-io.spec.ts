import { simulateIo } from './simulated-io';

describe('simulateIo', () => {
  it('waits the given time', async () => {
    const startedAt = performance.now();

    await simulateIo(30, new AbortController().signal);

    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(29);
  });

  it('stops waiting when the signal aborts', async () => {
    const controller = new AbortController();
    const startedAt = performance.now();
    setTimeout(() => { controller.abort(); }, 10);

    await expect(simulateIo(10_000, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - startedAt).toBeLessThan(1000);
  });
});
