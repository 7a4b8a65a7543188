import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CRON,
  formatFireTime,
  fromDateTimeLocal,
  linkSchedulePreview,
  linkScheduleOf,
  scheduleModeOf,
  switchScheduleMode,
  timeZoneOptions,
  toDateTimeLocal,
  withCronFields,
  withInterval,
  withOverlap,
  withScheduleWindow,
} from './schedule-form';

const INTERVAL_LINK = { interval: { seconds: 10 }, tags: ['weather'] };

describe('schedule mode', () => {
  it('reads interval from the shorthand and cron from schedule', () => {
    expect(scheduleModeOf(INTERVAL_LINK)).toBe('interval');
    expect(scheduleModeOf({ ...INTERVAL_LINK, schedule: { interval: 5000 } })).toBe('interval');
    expect(scheduleModeOf({ ...INTERVAL_LINK, schedule: { cron: '0 6 * * *' } })).toBe('cron');
  });

  it('switches to cron in the given zone and back to the shorthand', () => {
    const cron = switchScheduleMode(INTERVAL_LINK, 'cron', 'Europe/Berlin');
    expect(cron.schedule).toEqual({ cron: DEFAULT_CRON, timezone: 'Europe/Berlin' });
    expect(cron.interval).toEqual({ seconds: 10 });

    const back = switchScheduleMode(cron, 'interval', 'Europe/Berlin');
    expect(back).toEqual(INTERVAL_LINK);
  });

  it('keeps the window across a switch', () => {
    const windowed = withScheduleWindow(INTERVAL_LINK, { startAt: '2026-12-05T06:00:00.000Z' });
    const cron = switchScheduleMode(windowed, 'cron', 'UTC');
    expect(cron.schedule).toEqual({ cron: DEFAULT_CRON, timezone: 'UTC', startAt: '2026-12-05T06:00:00.000Z' });
  });
});

describe('schedule edits', () => {
  it('keeps an interval schedule with a window in sync with the interval', () => {
    const windowed = withScheduleWindow(INTERVAL_LINK, { endAt: '2027-01-01T00:00:00.000Z' });
    expect(windowed.schedule).toEqual({ interval: { seconds: 10 }, endAt: '2027-01-01T00:00:00.000Z' });

    const faster = withInterval(windowed, { seconds: 2 });
    expect(faster.interval).toEqual({ seconds: 2 });
    expect(faster.schedule).toEqual({ interval: { seconds: 2 }, endAt: '2027-01-01T00:00:00.000Z' });
  });

  it('drops schedule when the last window bound of an interval goes', () => {
    const windowed = withScheduleWindow(INTERVAL_LINK, { endAt: '2027-01-01T00:00:00.000Z' });
    expect(withScheduleWindow(windowed, { endAt: undefined })).toEqual(INTERVAL_LINK);
  });

  it('sets cron fields and window bounds of a cron schedule', () => {
    const cron = switchScheduleMode(INTERVAL_LINK, 'cron', 'UTC');
    const edited = withScheduleWindow(withCronFields(cron, { cron: '0 6 * * 1-5', timezone: 'Europe/Berlin' }), { startAt: '2026-12-07T00:00:00.000Z' });
    expect(edited.schedule).toEqual({ cron: '0 6 * * 1-5', timezone: 'Europe/Berlin', startAt: '2026-12-07T00:00:00.000Z' });
    expect(withScheduleWindow(edited, { startAt: '' }).schedule).toEqual({ cron: '0 6 * * 1-5', timezone: 'Europe/Berlin' });
  });

  it('drops maxConcurrent unless overlap is parallel', () => {
    const parallel: Record<string, unknown> = { ...withOverlap(INTERVAL_LINK, 'parallel'), maxConcurrent: 3 };
    expect(parallel.overlap).toBe('parallel');
    expect(withOverlap(parallel, 'queue')).toEqual({ ...INTERVAL_LINK, overlap: 'queue' });
  });

  it('has no schedule without interval or schedule', () => {
    expect(linkScheduleOf({})).toBeUndefined();
    expect(linkSchedulePreview({}, Date.now())).toBeUndefined();
  });
});

describe('linkSchedulePreview', () => {
  const now = Date.parse('2026-12-04T20:00:00.000Z');

  it('describes a cron schedule and lists its next three times', () => {
    const preview = linkSchedulePreview({ ...INTERVAL_LINK, schedule: { cron: '0 6 * * 1-5', timezone: 'Europe/Berlin' } }, now)!;
    expect(preview.description).toBe('at 06:00 on weekdays (Europe/Berlin)');
    expect(preview.nextFireTimes).toEqual(['2026-12-07T05:00:00.000Z', '2026-12-08T05:00:00.000Z', '2026-12-09T05:00:00.000Z']);
  });

  it('counts a deployed interval from the planned next transfer', () => {
    const preview = linkSchedulePreview(INTERVAL_LINK, now, '2026-12-04T20:00:04.000Z')!;
    expect(preview.nextFireTimes).toEqual(['2026-12-04T20:00:04.000Z', '2026-12-04T20:00:14.000Z', '2026-12-04T20:00:24.000Z']);
    expect(preview.description).toBe(linkSchedulePreview(INTERVAL_LINK, now)!.description);
    expect(preview.description).not.toContain('from');
  });

  it('reports an invalid cron expression without throwing', () => {
    const preview = linkSchedulePreview({ schedule: { cron: '61 * * * *' } }, now)!;
    expect(preview.nextFireTimes).toEqual([]);
    expect(preview.error).toMatch(/61/);
  });
});

describe('time helpers', () => {
  it('round-trips a datetime-local text', () => {
    const iso = fromDateTimeLocal('2026-12-05T06:30')!;
    expect(toDateTimeLocal(iso)).toBe('2026-12-05T06:30');
    expect(fromDateTimeLocal('')).toBeUndefined();
    expect(toDateTimeLocal('not a time')).toBe('');
  });

  it('formats fire times in a zone, with seconds only when set', () => {
    expect(formatFireTime('2026-12-07T05:00:00.000Z', 'Europe/Berlin')).toBe('Mon 7 Dec 06:00 CET');
    expect(formatFireTime('2026-12-07T05:00:04.000Z', 'UTC')).toBe('Mon 7 Dec 05:00:04 UTC');
  });

  it('lists zones with UTC and the current one', () => {
    const zones = timeZoneOptions('Mars/Olympus');
    expect(zones).toContain('UTC');
    expect(zones).toContain('Mars/Olympus');
    expect(zones).toContain('Europe/Berlin');
  });
});
