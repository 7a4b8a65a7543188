import schedule from 'node-schedule';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GridScheduler } from './grid-scheduler.js';

const DAY = 86_400_000;

interface Fired {
  item: string;
  atMs: number;
  nowMs: number;
}

const schedulers: GridScheduler<string>[] = [];

function track(scheduler: GridScheduler<string>): GridScheduler<string> {
  schedulers.push(scheduler);
  return scheduler;
}

function makeScheduler() {
  const fired: Fired[] = [];
  const missed: { item: string; missed: number; firstMissedAtMs: number }[] = [];
  const scheduler = track(new GridScheduler<string>({
    onDue: (item, atMs) => fired.push({ item, atMs, nowMs: Date.now() }),
    onMissed: (item, count, firstMissedAtMs) => missed.push({ item, missed: count, firstMissedAtMs }),
    onError: (item, error) => {
      throw new Error(`unexpected error for ${item}`, { cause: error });
    },
  }));
  return { scheduler, fired, missed };
}

describe('GridScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1, 12, 0, 55) });
  });

  afterEach(() => {
    // node-schedule keeps one module-wide timer, so a job left over would hold a fake timer.
    for (const scheduler of schedulers.splice(0)) scheduler.clear();
    vi.useRealTimers();
  });

  it('fires 7 s apart across minute boundaries', async () => {
    const { scheduler, fired } = makeScheduler();
    const anchor = Date.now();

    scheduler.add('a', anchor, 7_000);
    await vi.advanceTimersByTimeAsync(70_000);
    scheduler.clear();

    expect(fired.map((entry) => entry.atMs - anchor)).toEqual([7, 14, 21, 28, 35, 42, 49, 56, 63, 70].map((s) => s * 1000));
    expect(fired.every((entry) => entry.nowMs >= entry.atMs)).toBe(true);
    expect(new Date(fired[0].atMs).toISOString()).toBe('2026-01-01T12:01:02.000Z');
  });

  it('shares one node-schedule job among items due together', () => {
    const { scheduler } = makeScheduler();
    const anchor = Date.now();
    const before = Object.keys(schedule.scheduledJobs).length;

    for (let index = 0; index < 100; index += 1) scheduler.add(`item-${index}`, anchor, 1_000);

    expect(Object.keys(schedule.scheduledJobs).length - before).toBe(1);
    expect(scheduler.jobFor('item-0')).toBe(scheduler.jobFor('item-99'));
    scheduler.clear();
    expect(Object.keys(schedule.scheduledJobs).length).toBe(before);
  });

  it('fires every item due at a time in one callback', async () => {
    const { scheduler, fired } = makeScheduler();
    const anchor = Date.now();
    scheduler.add('a', anchor, 1_000);
    scheduler.add('b', anchor, 2_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(scheduler.jobFor('a')).toBe(scheduler.jobFor('b'));

    await vi.advanceTimersByTimeAsync(1_000);

    expect(fired.map((entry) => `${entry.item}@${entry.atMs - anchor}`).sort()).toEqual(['a@1000', 'a@2000', 'b@2000']);
    scheduler.clear();
  });

  it('schedules a 30-day interval past the setTimeout limit', async () => {
    const { scheduler, fired } = makeScheduler();
    const anchor = Date.now();

    scheduler.add('monthly', anchor, 30 * DAY);

    expect(scheduler.nextAt('monthly')).toBe(anchor + 30 * DAY);
    expect(scheduler.jobFor('monthly')!.nextInvocation()!.getTime()).toBe(anchor + 30 * DAY);
    await vi.advanceTimersByTimeAsync(29 * DAY);
    expect(fired).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(DAY);
    expect(fired.map((entry) => entry.atMs)).toEqual([anchor + 30 * DAY]);
    expect(scheduler.nextAt('monthly')).toBe(anchor + 60 * DAY);
    scheduler.clear();
  });

  it('skips to the next grid point and reports missed ticks', async () => {
    const fired: number[] = [];
    const missed: { missed: number; firstMissedAtMs: number }[] = [];
    const anchor = Date.now();
    const scheduler = track(new GridScheduler<string>({
      onDue: (_item, atMs) => {
        fired.push(atMs - anchor);
        // The first tick blocks the process until 4.5 s after the anchor.
        if (fired.length === 1) vi.setSystemTime(anchor + 4_500);
      },
      onMissed: (_item, count, firstMissedAtMs) => missed.push({ missed: count, firstMissedAtMs }),
      onError: () => undefined,
    }));

    scheduler.add('a', anchor, 1_000);
    await vi.advanceTimersByTimeAsync(1_000);

    expect(fired).toEqual([1_000]);
    expect(missed).toEqual([{ missed: 3, firstMissedAtMs: anchor + 2_000 }]);
    expect(scheduler.nextAt('a')).toBe(anchor + 5_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fired).toEqual([1_000, 5_000]);
    scheduler.clear();
  });

  it('goes on with other items when one handler throws', async () => {
    const fired: string[] = [];
    const errors: string[] = [];
    const scheduler = track(
      new GridScheduler<string>({
        onDue: (item) => {
          if (item === 'bad') throw new Error('handler failed');
          fired.push(item);
        },
        onMissed: () => undefined,
        onError: (item, error) => errors.push(`${item}: ${(error as Error).message}`),
      }),
    );
    const anchor = Date.now();
    scheduler.add('bad', anchor, 1_000);
    scheduler.add('good', anchor, 1_000);

    await vi.advanceTimersByTimeAsync(2_000);

    expect(fired).toEqual(['good', 'good']);
    expect(errors).toEqual(['bad: handler failed', 'bad: handler failed']);
    expect(scheduler.nextAt('bad')).toBe(anchor + 3_000);
  });

  it('cancels the job when its last item is removed', () => {
    const { scheduler } = makeScheduler();
    const anchor = Date.now();
    scheduler.add('a', anchor, 1_000);
    scheduler.add('b', anchor, 1_000);
    const job = scheduler.jobFor('a')!;

    scheduler.remove('a');
    expect(job.nextInvocation()).not.toBeNull();
    scheduler.remove('b');

    expect(job.nextInvocation()).toBeNull();
    expect(scheduler.size).toBe(0);
    expect(scheduler.nextAt('a')).toBeUndefined();
  });

  it('does not reschedule an item removed by its own tick', async () => {
    const fired: string[] = [];
    const scheduler: GridScheduler<string> = track(
      new GridScheduler<string>({
        onDue: (item) => {
          fired.push(item);
          scheduler.remove(item);
        },
        onMissed: () => undefined,
        onError: () => undefined,
      }),
    );

    scheduler.add('once', Date.now(), 1_000);
    await vi.advanceTimersByTimeAsync(5_000);

    expect(fired).toEqual(['once']);
    expect(scheduler.size).toBe(0);
  });

  it('starts at the first grid point after now for an old anchor', () => {
    const { scheduler, missed } = makeScheduler();
    const anchor = Date.now() - 10_500;

    scheduler.add('late', anchor, 1_000);

    expect(scheduler.nextAt('late')).toBe(anchor + 11_000);
    expect(missed).toHaveLength(0);
    scheduler.clear();
  });
});

describe('GridScheduler with real timers', () => {
  afterEach(() => {
    for (const scheduler of schedulers.splice(0)) scheduler.clear();
  });

  it('never fires before the grid time', async () => {
    const { scheduler, fired } = makeScheduler();
    const anchor = Date.now();
    scheduler.add('a', anchor, 100);
    scheduler.add('b', anchor, 100);

    await new Promise((resolve) => setTimeout(resolve, 450));
    scheduler.clear();

    expect(fired.length).toBeGreaterThanOrEqual(6);
    expect(fired.every((entry) => entry.nowMs >= entry.atMs)).toBe(true);
    expect(fired.filter((entry) => entry.item === 'a').map((entry) => entry.atMs - anchor).slice(0, 3)).toEqual([100, 200, 300]);
  });

  it('fires once per tick with the early wake-up and node-schedule both armed', async () => {
    const { scheduler, fired } = makeScheduler();
    const anchor = Date.now();
    scheduler.add('a', anchor, 50);

    await new Promise((resolve) => setTimeout(resolve, 280));
    scheduler.clear();

    const ticks = fired.map((entry) => entry.atMs - anchor);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(ticks.slice(0, 4)).toEqual([50, 100, 150, 200]);
  });
});
