import { describe, expect, it } from 'vitest';
import { settleWithConcurrency } from './concurrency.js';
import { sleep } from './test-support/nodes.js';

describe('settleWithConcurrency', () => {
  it('keeps at most limit tasks running and results in order', async () => {
    let active = 0;
    let maxActive = 0;
    const delays = [40, 10, 30, 5, 20, 15];

    const results = await settleWithConcurrency(delays, 3, async (delay, index) => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      await sleep(delay);
      active -= 1;
      return index;
    });

    expect(maxActive).toBe(3);
    expect(results.map((result) => (result.status === 'fulfilled' ? result.value : -1))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('goes on after a rejected task', async () => {
    const results = await settleWithConcurrency([1, 2, 3], 1, async (value) => {
      if (value === 2) throw new Error('two');
      return value;
    });

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('starts every task at once without a limit', () => {
    const started: number[] = [];

    void settleWithConcurrency([1, 2, 3], undefined, async (value) => {
      started.push(value);
    });

    expect(started).toEqual([1, 2, 3]);
  });

  it('resolves an empty list', async () => {
    expect(await settleWithConcurrency([], 2, async () => 1)).toEqual([]);
  });
});
