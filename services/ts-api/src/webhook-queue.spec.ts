import { setTimeout as sleep } from 'node:timers/promises';

import { WorkQueue } from './webhook-queue';

function gate() {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('WorkQueue', () => {
  it('refuses items beyond workers plus capacity', () => {
    const { opened } = gate();
    const queue = new WorkQueue<number>({ workers: 1, capacity: 2, process: () => opened });

    const offered = [1, 2, 3, 4].map((item) => queue.offer(item));

    expect(offered).toEqual([true, true, true, false]);
    expect(queue.isFull).toBe(true);
    expect(queue.depth).toBe(2);
    expect(queue.inProgress).toBe(1);
  });

  it('runs at most the number of workers at once', async () => {
    let running = 0;
    let maxRunning = 0;
    const queue = new WorkQueue<number>({
      workers: 2,
      capacity: 10,
      process: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await sleep(2);
        running--;
      },
    });

    for (let item = 0; item < 8; item++) {
      queue.offer(item);
    }
    await queue.drain();

    expect(maxRunning).toBe(2);
  });

  it('drains every accepted item in order, failures included', async () => {
    const processed: number[] = [];
    const errors: unknown[] = [];
    const queue = new WorkQueue<number>({
      workers: 1,
      capacity: 10,
      process: async (item) => {
        await sleep(1);
        if (item === 2) {
          throw new Error('item 2 failed');
        }
      },
      onProcessed: (item) => processed.push(item),
      onError: (error) => errors.push(error),
    });

    [1, 2, 3].forEach((item) => queue.offer(item));
    await queue.drain();

    expect(processed).toEqual([1, 2, 3]);
    expect(errors).toHaveLength(1);
    expect(queue.depth).toBe(0);
  });

  it('drains at once when idle', async () => {
    const queue = new WorkQueue<number>({ workers: 1, capacity: 1, process: () => Promise.resolve() });

    await expect(queue.drain()).resolves.toBeUndefined();
  });

  it('reports depth changes', async () => {
    const depths: number[] = [];
    const { opened, open } = gate();
    const queue = new WorkQueue<number>({
      workers: 1,
      capacity: 5,
      process: () => opened,
      onDepthChange: (depth) => depths.push(depth),
    });

    queue.offer(1);
    queue.offer(2);
    open();
    await queue.drain();

    expect(depths).toEqual([1, 0, 1, 0]);
  });
});
