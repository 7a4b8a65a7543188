import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  checkOverlapConfig,
  effectiveSchedule,
  linkScheduleConfigShape,
  previewSchedule,
  describeSchedule,
  nextFireTimes,
  overlapConfigSchema,
  parseCron,
  scheduleSchema,
  wallTimeToInstant,
  type ScheduleSpec,
} from './schedule.js';

function isoTimes(schedule: ScheduleSpec, from: string, count: number): string[] {
  return nextFireTimes(schedule, new Date(from), count).map((date) => date.toISOString());
}

describe('cron in Europe/Berlin', () => {
  const zone = 'Europe/Berlin';

  it('fires 02:30 once when clocks go back', () => {
    // 2026-10-25: 03:00 CEST becomes 02:00 CET, so 02:30 happens at 00:30Z and again at 01:30Z.
    expect(isoTimes({ cron: '0 30 2 * * *', timezone: zone }, '2026-10-24T12:00:00Z', 3)).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
      '2026-10-27T01:30:00.000Z',
    ]);
  });

  it('fires a missing 02:30 at 03:00 when clocks go forward', () => {
    // 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00Z, so 02:30 does not exist that night.
    expect(isoTimes({ cron: '30 2 * * *', timezone: zone }, '2026-03-28T12:00:00Z', 3)).toEqual([
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
      '2026-03-31T00:30:00.000Z',
    ]);
  });

  it('fires every missing time of the gap once', () => {
    // 02:00, 02:15, 02:30 and 02:45 do not exist; they and 03:00 itself collapse into one fire time.
    expect(isoTimes({ cron: '*/15 * * * *', timezone: zone }, '2026-03-29T00:40:00Z', 4)).toEqual([
      '2026-03-29T00:45:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-29T01:15:00.000Z',
      '2026-03-29T01:30:00.000Z',
    ]);
  });

  it('fires weekdays at 06:00 local time in winter and summer', () => {
    const schedule = { cron: '0 6 * * MON-FRI', timezone: zone };
    expect(isoTimes(schedule, '2026-12-04T12:00:00Z', 2)).toEqual(['2026-12-07T05:00:00.000Z', '2026-12-08T05:00:00.000Z']);
    expect(isoTimes(schedule, '2026-07-03T12:00:00Z', 1)).toEqual(['2026-07-06T04:00:00.000Z']);
  });
});

describe('cron in America/New_York', () => {
  const zone = 'America/New_York';

  it('fires 01:30 once when clocks go back', () => {
    // 2026-11-01: 02:00 EDT becomes 01:00 EST, so 01:30 happens at 05:30Z and at 06:30Z.
    expect(isoTimes({ cron: '30 1 * * *', timezone: zone }, '2026-10-31T12:00:00Z', 3)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
      '2026-11-03T06:30:00.000Z',
    ]);
  });

  it('fires a missing 02:30 at 03:00 when clocks go forward', () => {
    // 2026-03-08: 02:00 EST becomes 03:00 EDT at 07:00Z.
    expect(isoTimes({ cron: '30 2 * * *', timezone: zone }, '2026-03-07T12:00:00Z', 3)).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  it('keeps hourly fires one hour apart when clocks go forward', () => {
    // 02:00 does not exist, so it fires at 03:00 EDT, the same instant as the 03:00 match: once.
    expect(isoTimes({ cron: '0 * * * *', timezone: zone }, '2026-03-08T05:30:00Z', 3)).toEqual([
      '2026-03-08T06:00:00.000Z',
      '2026-03-08T07:00:00.000Z',
      '2026-03-08T08:00:00.000Z',
    ]);
  });
});

describe('wallTimeToInstant', () => {
  it('returns the first of two occurrences', () => {
    expect(new Date(wallTimeToInstant(Date.UTC(2026, 9, 25, 2, 30), 'Europe/Berlin')).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('returns the second occurrence with later', () => {
    expect(new Date(wallTimeToInstant(Date.UTC(2026, 9, 25, 2, 30), 'Europe/Berlin', 'later')).toISOString()).toBe(
      '2026-10-25T01:30:00.000Z',
    );
    expect(new Date(wallTimeToInstant(Date.UTC(2026, 9, 25, 3, 30), 'Europe/Berlin', 'later')).toISOString()).toBe(
      '2026-10-25T02:30:00.000Z',
    );
  });

  it('returns the end of a gap for a missing time', () => {
    expect(new Date(wallTimeToInstant(Date.UTC(2026, 2, 29, 2, 30), 'Europe/Berlin')).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    expect(new Date(wallTimeToInstant(Date.UTC(2026, 2, 29, 2, 30), 'Europe/Berlin', 'later')).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
  });
});

describe('cron fields', () => {
  it('parses five and six fields', () => {
    expect(parseCron('*/15 * * * *').minute.values).toEqual([0, 15, 30, 45]);
    expect(parseCron('*/15 * * * *').second.values).toEqual([0]);
    expect(parseCron('10 0 6 * * *').second.values).toEqual([10]);
    expect(parseCron('0 0 * * 7').dayOfWeek.values).toEqual([0]);
    expect(parseCron('0 0 1 jan,Jul *').month.values).toEqual([1, 7]);
    expect(parseCron('@hourly').minute.values).toEqual([0]);
  });

  it('matches either day field when both are set', () => {
    // Day 1 of the month or any Monday: 2026-06-01 is a Monday, then Mondays, then July 1 (a Wednesday).
    expect(isoTimes({ cron: '0 12 1 * 1', timezone: 'UTC' }, '2026-06-20T00:00:00Z', 3)).toEqual([
      '2026-06-22T12:00:00.000Z',
      '2026-06-29T12:00:00.000Z',
      '2026-07-01T12:00:00.000Z',
    ]);
  });

  it('finds February 29', () => {
    expect(isoTimes({ cron: '0 0 29 2 *', timezone: 'UTC' }, '2026-03-01T00:00:00Z', 1)).toEqual([
      '2028-02-29T00:00:00.000Z',
    ]);
  });

  it.each([
    ['* * * *', /has 4 fields/],
    ['61 * * * *', /minute field "61" has 61, outside 0-59/],
    ['* 24 * * *', /hour field "24"/],
    ['*/0 * * * *', /step "0"/],
    ['5-1 * * * *', /runs backwards/],
    ['0 0 30 2 *', /never occurs/],
    ['0 0 * * FUNDAY', /"FUNDAY", which is not a number, or a name SUN-SAT/],
  ])('rejects %s', (expression, message) => {
    expect(() => parseCron(expression)).toThrow(message);
    expect(() => parseCron(expression)).toThrow(expression);
  });
});

describe('interval schedules', () => {
  it('fires one interval after from', () => {
    expect(isoTimes({ interval: { seconds: 5 } }, '2026-01-01T00:00:07Z', 2)).toEqual([
      '2026-01-01T00:00:12.000Z',
      '2026-01-01T00:00:17.000Z',
    ]);
  });

  it('keeps to the startAt grid', () => {
    expect(isoTimes({ interval: { seconds: 5 }, startAt: '2026-01-01T00:00:00Z' }, '2026-01-01T00:00:07Z', 2)).toEqual([
      '2026-01-01T00:00:10.000Z',
      '2026-01-01T00:00:15.000Z',
    ]);
    expect(isoTimes({ interval: 60_000, startAt: '2026-01-01T00:00:00Z' }, '2025-12-31T00:00:00Z', 1)).toEqual([
      '2026-01-01T00:00:00.000Z',
    ]);
  });

  it('stops at endAt', () => {
    const schedule = { interval: { minutes: 1 }, startAt: '2026-01-01T00:00:00Z', endAt: '2026-01-01T00:02:00Z' };
    expect(isoTimes(schedule, '2025-12-31T23:59:30Z', 10)).toEqual([
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T00:01:00.000Z',
      '2026-01-01T00:02:00.000Z',
    ]);
  });
});

describe('cron window', () => {
  it('starts at startAt and ends at endAt', () => {
    const schedule = {
      cron: '0 6 * * *',
      timezone: 'UTC',
      startAt: '2026-05-10T00:00:00Z',
      endAt: '2026-05-11T12:00:00Z',
    };
    expect(isoTimes(schedule, '2026-01-01T00:00:00Z', 5)).toEqual(['2026-05-10T06:00:00.000Z', '2026-05-11T06:00:00.000Z']);
  });
});

describe('scheduleSchema', () => {
  it('accepts interval and cron schedules', () => {
    expect(scheduleSchema.parse({ interval: { seconds: 5 } })).toEqual({ interval: { seconds: 5 } });
    expect(scheduleSchema.parse({ cron: '0 */15 * * * *', timezone: 'Europe/Berlin' })).toEqual({
      cron: '0 */15 * * * *',
      timezone: 'Europe/Berlin',
    });
  });

  it('names an invalid time zone', () => {
    const result = scheduleSchema.safeParse({ cron: '0 * * * *', timezone: 'Europe/Atlantis' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('Invalid time zone \\"Europe/Atlantis\\"');
  });

  it('names an invalid cron expression', () => {
    const result = scheduleSchema.safeParse({ cron: '0 99 * * *' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('hour field \\"99\\"');
  });

  it('rejects endAt before startAt', () => {
    const result = scheduleSchema.safeParse({
      interval: 1000,
      startAt: '2026-02-01T00:00:00Z',
      endAt: '2026-01-01T00:00:00Z',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['endAt']);
  });

  it('rejects a date that is not ISO 8601', () => {
    const result = scheduleSchema.safeParse({ interval: 1000, startAt: 'next tuesday' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('next tuesday');
  });
});

describe('overlapConfigSchema', () => {
  it('defaults to skip', () => {
    expect(overlapConfigSchema.parse({})).toEqual({ overlap: 'skip' });
  });

  it('accepts queue and parallel with a maximum', () => {
    expect(overlapConfigSchema.parse({ overlap: 'queue' })).toEqual({ overlap: 'queue' });
    expect(overlapConfigSchema.parse({ overlap: 'parallel', maxConcurrent: 3 })).toEqual({
      overlap: 'parallel',
      maxConcurrent: 3,
    });
  });

  it('rejects maxConcurrent without parallel', () => {
    const result = overlapConfigSchema.safeParse({ overlap: 'skip', maxConcurrent: 3 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['maxConcurrent']);
  });

  it('rejects an unknown policy and a maximum below 2', () => {
    expect(overlapConfigSchema.safeParse({ overlap: 'drop' }).success).toBe(false);
    expect(overlapConfigSchema.safeParse({ overlap: 'parallel', maxConcurrent: 1 }).success).toBe(false);
  });
});

describe('describeSchedule', () => {
  it.each<[ScheduleSpec, string]>([
    [{ cron: '0 */15 * * * *' }, 'every 15 minutes'],
    [{ cron: '*/15 * * * *', timezone: 'Europe/Berlin' }, 'every 15 minutes'],
    [{ cron: '* * * * *' }, 'every minute'],
    [{ cron: '*/10 * * * * *' }, 'every 10 seconds'],
    [{ cron: '0 * * * *' }, 'every hour'],
    [{ cron: '30 */2 * * *' }, 'every 2 hours at minute 30'],
    [{ cron: '0 6 * * 1-5', timezone: 'Europe/Berlin' }, 'at 06:00 on weekdays (Europe/Berlin)'],
    [{ cron: '0 6,18 * * *' }, 'at 06:00 and 18:00'],
    [{ cron: '15 9 * * sat,sun', timezone: 'UTC' }, 'at 09:15 on weekends (UTC)'],
    [{ cron: '0 8 * * 1,3' }, 'at 08:00 on Mondays and Wednesdays'],
    [{ cron: '0 0 1 * *' }, 'at 00:00 on day 1 of the month'],
    [{ cron: '0 0 1 1 *' }, 'at 00:00 on day 1 of the month in January'],
    [{ cron: '*/7 * * * *' }, 'cron "*/7 * * * *"'],
    [{ cron: 'not a cron' }, 'cron "not a cron"'],
    [{ interval: { seconds: 5 } }, 'every 5 s'],
    [{ interval: { minutes: 1 }, startAt: '2026-01-01T00:00:00Z' }, 'every 1 min, from 2026-01-01T00:00:00Z'],
  ])('describes %j', (schedule, words) => {
    expect(describeSchedule(schedule)).toBe(words);
  });
});

describe('previewSchedule', () => {
  it('lists the next three fire times', () => {
    expect(previewSchedule({ cron: '0 6 * * 1-5', timezone: 'Europe/Berlin' }, new Date('2026-12-04T12:00:00Z'))).toEqual({
      description: 'at 06:00 on weekdays (Europe/Berlin)',
      nextFireTimes: ['2026-12-07T05:00:00.000Z', '2026-12-08T05:00:00.000Z', '2026-12-09T05:00:00.000Z'],
    });
  });

  it('returns the error of an invalid schedule', () => {
    const preview = previewSchedule({ cron: '0 6 * * *', timezone: 'Mars/Olympus' }, new Date('2026-12-04T12:00:00Z'));

    expect(preview.nextFireTimes).toEqual([]);
    expect(preview.error).toContain('Invalid time zone "Mars/Olympus"');
    expect(preview.description).toBe('at 06:00 (Mars/Olympus)');
  });
});

describe('link schedule config', () => {
  const linkSchema = z
    .object({ interval: z.union([z.number(), z.object({ seconds: z.number() })]), ...linkScheduleConfigShape })
    .superRefine(checkOverlapConfig);

  it('prefers schedule over interval', () => {
    const config = linkSchema.parse({ interval: { seconds: 5 }, schedule: { cron: '*/15 * * * *' } });

    expect(effectiveSchedule(config)).toEqual({ cron: '*/15 * * * *' });
    expect(config.overlap).toBe('skip');
  });

  it('falls back to the interval', () => {
    expect(effectiveSchedule(linkSchema.parse({ interval: { seconds: 5 } }))).toEqual({ interval: { seconds: 5 } });
  });

  it('reports the path of a bad cron field', () => {
    const result = linkSchema.safeParse({ interval: 1000, schedule: { cron: '0 0 32 * *' } });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['schedule', 'cron']);
    expect(result.error?.issues[0]?.message).toContain('day of month field "32"');
  });

  it('checks overlap inside the link', () => {
    const result = linkSchema.safeParse({ interval: 1000, overlap: 'queue', maxConcurrent: 4 });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('maxConcurrent=4 needs overlap "parallel"');
  });
});
