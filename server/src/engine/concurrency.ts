/**
 * Runs `task` on every item, at most `limit` at a time, and waits for all of them.
 * Results keep the order of `items`; a rejected task does not stop the others.
 * `limit` undefined or not below the item count starts everything at once, in the caller's tick.
 */
export function settleWithConcurrency<T, R>(
  items: readonly T[],
  limit: number | undefined,
  task: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  if (limit === undefined || limit >= items.length) {
    return Promise.allSettled(items.map(task));
  }

  const results = new Array<PromiseSettledResult<R>>(items.length);
  let nextIndex = 0;

  const worker = async (): Promise<void> => {
    while (nextIndex < items.length) {
      const index = nextIndex;
      nextIndex += 1;
      try {
        results[index] = { status: 'fulfilled', value: await task(items[index], index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };

  const workers = Array.from({ length: limit }, worker);
  return Promise.all(workers).then(() => results);
}
