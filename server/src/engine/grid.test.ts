import { describe, expect, it } from 'vitest';
import { gridTime, nextGridPoint } from './grid.js';

const SECOND = 1_000;
const DAY = 86_400_000;

describe('gridTime', () => {
  it('puts every 7 s tick 7 s apart across minute boundaries', () => {
    // 12:00:55 UTC: the ticks cross 12:01:00 and 12:02:00, where a cron rule would restart at :00.
    const anchor = Date.UTC(2026, 0, 1, 12, 0, 55);
    const ticks = Array.from({ length: 20 }, (_, index) => gridTime(anchor, 7 * SECOND, index + 1));

    for (let index = 1; index < ticks.length; index += 1) {
      expect(ticks[index] - ticks[index - 1]).toBe(7 * SECOND);
    }
    expect(new Date(ticks[0]).toISOString()).toBe('2026-01-01T12:01:02.000Z');
    expect(new Date(ticks[9]).toISOString()).toBe('2026-01-01T12:02:05.000Z');
  });

  it('does not drift over a day of fractional intervals', () => {
    const anchor = 1_000_000;
    const interval = 1000 / 3;
    const after = gridTime(anchor, interval, 3 * 86_400);

    expect(after).toBe(anchor + DAY);
  });

  it('rounds fractional times up so ticks are never early', () => {
    expect(gridTime(0, 2.5, 1)).toBe(3);
    expect(gridTime(0, 2.5, 2)).toBe(5);
  });

  it('handles a 30-day interval beyond the setTimeout limit', () => {
    const anchor = Date.UTC(2026, 0, 1);
    const tick = gridTime(anchor, 30 * DAY, 1);

    expect(tick - anchor).toBe(30 * DAY);
    expect(tick - anchor).toBeGreaterThan(2 ** 31 - 1);
    expect(new Date(tick).toISOString()).toBe('2026-01-31T00:00:00.000Z');
  });
});

describe('nextGridPoint', () => {
  it('returns the next index when on time', () => {
    const point = nextGridPoint(0, SECOND, 3, 3 * SECOND + 4);

    expect(point).toEqual({ index: 4, atMs: 4 * SECOND, missed: 0 });
  });

  it('starts at index 1 right after the anchor', () => {
    expect(nextGridPoint(5_000, SECOND, 0, 5_000)).toEqual({ index: 1, atMs: 6_000, missed: 0 });
  });

  it('skips grid points the process was blocked past', () => {
    // Tick 3 fired at 3.0 s but the process only came back at 6.5 s: ticks 4, 5 and 6 are gone.
    const point = nextGridPoint(0, SECOND, 3, 6_500);

    expect(point).toEqual({ index: 7, atMs: 7_000, missed: 3 });
  });

  it('treats a grid point equal to now as past', () => {
    const point = nextGridPoint(0, SECOND, 3, 4_000);

    expect(point.index).toBe(5);
    expect(point.missed).toBe(1);
  });

  it('stays on the grid of the anchor after a skip', () => {
    const anchor = 123;
    const point = nextGridPoint(anchor, 7 * SECOND, 1, anchor + 60_000);

    expect((point.atMs - anchor) % (7 * SECOND)).toBe(0);
    expect(point.atMs).toBeGreaterThan(anchor + 60_000);
    expect(point.atMs - (anchor + 60_000)).toBeLessThanOrEqual(7 * SECOND);
  });

  it('always returns a future point for awkward fractional intervals', () => {
    const interval = 0.1 + 0.2;
    for (let now = 0; now < 50; now += 1) {
      const point = nextGridPoint(0, interval, 0, now);
      expect(point.atMs).toBeGreaterThan(now);
      expect(point.index).toBeGreaterThan(0);
    }
  });
});
