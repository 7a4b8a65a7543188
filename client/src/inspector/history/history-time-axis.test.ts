import { describe, expect, it } from 'vitest';
import { AXIS_CHAR_WIDTH, axisTimeFormat, buildTimeTicks, formatTransferTime, type TimePoint } from './history-time-axis';

const BERLIN = 'Europe/Berlin';
const WIDTH = 280;

/** Points of `count` bars spread over the width, starting at `start` and `stepMs` apart. */
function points(start: string, stepMs: number, count: number): TimePoint[] {
  const startMs = new Date(start).getTime();
  return Array.from({ length: count }, (_, index) => ({
    x: 5 + (index * (WIDTH - 10)) / Math.max(count - 1, 1),
    time: new Date(startMs + index * stepMs).toISOString(),
  }));
}

function labelsOf(ticks: { label: string }[]): string[] {
  return ticks.map((tick) => tick.label);
}

describe('axisTimeFormat', () => {
  const at = (iso: string) => new Date(iso);

  it('seconds under five minutes', () => {
    const options = axisTimeFormat(at('2026-12-04T20:00:00Z'), at('2026-12-04T20:04:50Z'), BERLIN);
    expect(options).toEqual({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
  });

  it('minutes within one day', () => {
    const options = axisTimeFormat(at('2026-12-04T08:00:00Z'), at('2026-12-04T20:00:00Z'), BERLIN);
    expect(options).toEqual({ hour: '2-digit', minute: '2-digit' });
  });

  it('day and time across midnight', () => {
    // 22:58 to 23:02 UTC is 23:58 to 00:02 in Berlin: a short span, but two calendar days.
    const options = axisTimeFormat(at('2026-12-04T22:58:00Z'), at('2026-12-04T23:02:00Z'), BERLIN);
    expect(options).toEqual({ day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  });

  it('midnight follows the time zone', () => {
    const options = axisTimeFormat(at('2026-12-04T22:58:00Z'), at('2026-12-04T23:02:00Z'), 'UTC');
    expect(options).toEqual({ hour: '2-digit', minute: '2-digit', second: '2-digit' });
  });

  it('days alone over a week', () => {
    const options = axisTimeFormat(at('2026-11-01T10:00:00Z'), at('2026-12-04T10:00:00Z'), BERLIN);
    expect(options).toEqual({ day: 'numeric', month: 'short' });
  });

  it('year when the span crosses one', () => {
    const options = axisTimeFormat(at('2025-12-01T10:00:00Z'), at('2026-01-20T10:00:00Z'), BERLIN);
    expect(options).toEqual({ day: 'numeric', month: 'short', year: 'numeric' });
  });
});

describe('formatTransferTime', () => {
  it('gives date, time and zone', () => {
    expect(formatTransferTime('2026-12-04T20:00:05.120Z', BERLIN)).toBe('Fri 4 Dec 2026 21:00:05 CET');
    expect(formatTransferTime('2026-07-04T20:00:05Z', 'UTC')).toBe('Sat 4 Jul 2026 20:00:05 UTC');
  });

  it('returns an invalid time unchanged', () => {
    expect(formatTransferTime('not a time')).toBe('not a time');
  });
});

describe('buildTimeTicks', () => {
  it('labels oldest, middle and newest bar', () => {
    const bars = points('2026-12-04T20:00:00Z', 10_000, 29);
    const ticks = buildTimeTicks(bars, WIDTH, BERLIN);
    expect(labelsOf(ticks)).toEqual(['21:00:00', '21:02:20', '21:04:40']);
    expect(ticks.map((tick) => tick.x)).toEqual([bars[0].x, bars[14].x, bars[28].x]);
  });

  it('formats an hourly day in minutes', () => {
    const ticks = buildTimeTicks(points('2026-12-04T06:00:00Z', 3_600_000, 13), WIDTH, BERLIN);
    expect(labelsOf(ticks)).toEqual(['07:00', '13:00', '19:00']);
  });

  it('formats a daily month in days', () => {
    const ticks = buildTimeTicks(points('2026-11-05T06:00:00Z', 86_400_000, 30), WIDTH, BERLIN);
    expect(labelsOf(ticks)).toEqual(['5 Nov', '19 Nov', '4 Dec']);
  });

  it('keeps labels inside the width', () => {
    const ticks = buildTimeTicks(points('2026-12-01T06:00:00Z', 3_600_000 * 6, 12), WIDTH, BERLIN);
    expect(ticks).toHaveLength(3);
    for (const tick of ticks) {
      expect(tick.labelX, tick.label).toBeGreaterThanOrEqual(0);
      expect(tick.labelX + tick.label.length * AXIS_CHAR_WIDTH, tick.label).toBeLessThanOrEqual(WIDTH);
    }
  });

  it('drops labels that would overlap', () => {
    // Two bars side by side at the right edge, as a short history draws them.
    const bars = [
      { x: 250, time: '2026-12-04T20:00:00Z' },
      { x: 272, time: '2026-12-04T20:00:10Z' },
    ];
    const ticks = buildTimeTicks(bars, WIDTH, BERLIN);
    expect(labelsOf(ticks)).toEqual(['21:00:10']);
    expect(ticks[0].x).toBe(272);
  });

  it('labels a single bar', () => {
    const ticks = buildTimeTicks([{ x: 270, time: '2026-12-04T20:00:00Z' }], WIDTH, BERLIN);
    expect(labelsOf(ticks)).toEqual(['21:00:00']);
    expect(ticks[0].labelX).toBe(WIDTH - '21:00:00'.length * AXIS_CHAR_WIDTH);
  });

  it('does not repeat a label', () => {
    // Minutes format, and the first two bars fall in the same minute.
    const bars = [
      { x: 10, time: '2026-12-04T08:00:05Z' },
      { x: 140, time: '2026-12-04T08:00:40Z' },
      { x: 270, time: '2026-12-04T20:00:00Z' },
    ];
    expect(labelsOf(buildTimeTicks(bars, WIDTH, BERLIN))).toEqual(['09:00', '21:00']);
  });

  it('is empty without valid times', () => {
    expect(buildTimeTicks([], WIDTH, BERLIN)).toEqual([]);
    expect(buildTimeTicks([{ x: 10, time: 'nope' }], WIDTH, BERLIN)).toEqual([]);
  });
});
