/** Function that processes one queued item; a rejection is reported to `onError`. */
export type Processor<Item> = (item: Item) => Promise<void>;

/** Settings of a WorkQueue. */
export interface WorkQueueOptions<Item> {
  /** Items processed at once. */
  readonly workers: number;
  /** Items that may wait for a worker; `offer` returns false beyond it. */
  readonly capacity: number;
  readonly process: Processor<Item>;
  /** Called after each item, whether it succeeded or failed. */
  readonly onProcessed?: (item: Item) => void;
  readonly onError?: (error: unknown, item: Item) => void;
  /** Called whenever the number of waiting items changes. */
  readonly onDepthChange?: (depth: number) => void;
}

/**
 * WorkQueue is a bounded FIFO queue served by a fixed number of workers.
 * Items beyond the capacity are refused instead of piling up as pending
 * promises, and `drain` waits for every accepted item.
 */
export class WorkQueue<Item> {
  private readonly waiting: Item[] = [];
  private active = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WorkQueueOptions<Item>) {}

  /** Number of items waiting for a worker. */
  get depth(): number {
    return this.waiting.length;
  }

  /** Reports whether `offer` would refuse an item now. */
  get isFull(): boolean {
    return this.waiting.length >= this.options.capacity;
  }

  /** Number of items being processed. */
  get inProgress(): number {
    return this.active;
  }

  // #region worker-pool
  /** Queues `item`; returns false, without queueing it, when the queue is full. */
  offer(item: Item): boolean {
    if (this.isFull) {
      return false;
    }
    this.waiting.push(item);
    this.options.onDepthChange?.(this.waiting.length);
    this.startWorkers();
    return true;
  }

  /** Resolves once no item is waiting or in progress. */
  drain(): Promise<void> {
    if (this.isIdle()) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.active === 0 && this.waiting.length === 0;
  }

  private startWorkers(): void {
    while (this.active < this.options.workers && this.waiting.length > 0) {
      const item = this.waiting.shift() as Item;
      this.options.onDepthChange?.(this.waiting.length);
      this.active++;
      void this.runOne(item);
    }
  }

  private async runOne(item: Item): Promise<void> {
    try {
      await this.options.process(item);
    } catch (error) {
      this.options.onError?.(error, item);
    } finally {
      this.active--;
      this.options.onProcessed?.(item);
      this.startWorkers();
      this.notifyIfIdle();
    }
  }
  // #endregion worker-pool

  private notifyIfIdle(): void {
    if (!this.isIdle()) {
      return;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) {
      resolve();
    }
  }
}
