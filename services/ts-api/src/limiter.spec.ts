import { setTimeout as sleep } from 'node:timers/promises';

import { mapWithConcurrencyLimit } from './limiter';

describe('mapWithConcurrencyLimit', () => {
  it('keeps at most the limit of calls in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;

    await mapWithConcurrencyLimit(Array.from({ length: 20 }, (_, i) => i), 3, new AbortController().signal, async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(2);
      inFlight--;
    });

    expect(maxInFlight).toBe(3);
  });

  it('returns results in the order of the items', async () => {
    const results = await mapWithConcurrencyLimit([30, 1, 15], 3, new AbortController().signal, async (ms) => {
      await sleep(ms);
      return ms * 2;
    });

    expect(results).toEqual([60, 2, 30]);
  });

  it('starts no call after the signal aborts', async () => {
    const controller = new AbortController();
    const started: number[] = [];

    const run = mapWithConcurrencyLimit([1, 2, 3, 4], 1, controller.signal, async (item) => {
      started.push(item);
      if (item === 2) {
        controller.abort();
      }
      await sleep(1);
    });

    await expect(run).rejects.toThrow('aborted');
    expect(started).toEqual([1, 2]);
  });

  it('stops after the first failure', async () => {
    const started: number[] = [];

    const run = mapWithConcurrencyLimit([1, 2, 3], 1, new AbortController().signal, (item) => {
      started.push(item);
      return item === 1 ? Promise.reject(new Error('lookup failed')) : Promise.resolve(item);
    });

    await expect(run).rejects.toThrow('lookup failed');
    expect(started).toEqual([1]);
  });

  it('rejects a limit below 1', async () => {
    await expect(mapWithConcurrencyLimit([1], 0, new AbortController().signal, () => Promise.resolve(1))).rejects.toThrow(
      RangeError,
    );
  });
});
