// #region fan-out
/**
 * Calls `task` for each item with at most `limit` calls in flight, and
 * returns the results in the order of `items`.
 *
 * No new call starts once `signal` aborts or a call rejects; the returned
 * promise then rejects with the abort reason or the first error. Calls already
 * in flight are expected to stop on the same signal.
 */
export async function mapWithConcurrencyLimit<Item, Result>(
  items: readonly Item[],
  limit: number,
  signal: AbortSignal,
  task: (item: Item, index: number) => Promise<Result>,
): Promise<Result[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }
  const results = new Array<Result>(items.length);
  let nextIndex = 0;
  let failed = false;

  const worker = async (): Promise<void> => {
    while (!failed && nextIndex < items.length) {
      signal.throwIfAborted();
      const index = nextIndex++;
      try {
        results[index] = await task(items[index] as Item, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };

  const workerCount = Math.min(limit, items.length);
  await Promise.all(Array.from({ length: workerCount }, worker));
  return results;
}
// #endregion fan-out
