import { describe, expect, it } from 'vitest';
import { nextFireTime, nextFireTimes, type ScheduleSpec } from './schedule.js';

/**
 * Cron fire times on nights when clocks go back. A schedule whose hour field allows all 24 hours
 * fires in both passes of the repeated wall-clock times. A schedule that picks hours fires once.
 */

/** Lists the fire times after `from` as "<UTC instant> <wall-clock time and zone abbreviation>". */
function fireTimes(schedule: ScheduleSpec & { timezone: string }, from: string, count: number): string[] {
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone: schedule.timezone,
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return nextFireTimes(schedule, new Date(from), count).map((date) => `${date.toISOString()} ${local.format(date)}`);
}

describe('cron when clocks go back in Europe/Berlin', () => {
  // 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00Z, so 02:00-02:59 occur twice.
  const zone = 'Europe/Berlin';

  it('fires every 15 minutes through both passes', () => {
    expect(fireTimes({ cron: '*/15 * * * *', timezone: zone }, '2026-10-24T23:45:00Z', 9)).toEqual([
      '2026-10-25T00:00:00.000Z 02:00 CEST',
      '2026-10-25T00:15:00.000Z 02:15 CEST',
      '2026-10-25T00:30:00.000Z 02:30 CEST',
      '2026-10-25T00:45:00.000Z 02:45 CEST',
      '2026-10-25T01:00:00.000Z 02:00 CET',
      '2026-10-25T01:15:00.000Z 02:15 CET',
      '2026-10-25T01:30:00.000Z 02:30 CET',
      '2026-10-25T01:45:00.000Z 02:45 CET',
      '2026-10-25T02:00:00.000Z 03:00 CET',
    ]);
  });

  it('treats seconds, */1 and 0-23 alike', () => {
    const expected = [
      '2026-10-25T00:30:00.000Z 02:30 CEST',
      '2026-10-25T00:45:00.000Z 02:45 CEST',
      '2026-10-25T01:00:00.000Z 02:00 CET',
      '2026-10-25T01:15:00.000Z 02:15 CET',
      '2026-10-25T01:30:00.000Z 02:30 CET',
      '2026-10-25T01:45:00.000Z 02:45 CET',
    ];

    expect(fireTimes({ cron: '0 */15 * * * *', timezone: zone }, '2026-10-25T00:20:00Z', 6)).toEqual(expected);
    expect(fireTimes({ cron: '0,15,30,45 */1 * * *', timezone: zone }, '2026-10-25T00:20:00Z', 6)).toEqual(expected);
    expect(fireTimes({ cron: '*/15 0-23 * * *', timezone: zone }, '2026-10-25T00:20:00Z', 6)).toEqual(expected);
  });

  it('continues from inside the second pass', () => {
    const schedule = { cron: '*/15 * * * *', timezone: zone };

    expect(nextFireTime(schedule, new Date('2026-10-25T01:05:00Z'))?.toISOString()).toBe('2026-10-25T01:15:00.000Z');
    expect(nextFireTime(schedule, new Date('2026-10-25T01:45:00Z'))?.toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('continues from the last minute of the first pass', () => {
    const schedule = { cron: '*/15 * * * *', timezone: zone };

    expect(nextFireTime(schedule, new Date('2026-10-25T00:45:00Z'))?.toISOString()).toBe('2026-10-25T01:00:00.000Z');
    expect(nextFireTime(schedule, new Date('2026-10-25T00:59:59.999Z'))?.toISOString()).toBe('2026-10-25T01:00:00.000Z');
  });

  it('fires hourly at 02:00 CEST and 02:00 CET', () => {
    expect(fireTimes({ cron: '0 * * * *', timezone: zone }, '2026-10-24T22:30:00Z', 5)).toEqual([
      '2026-10-24T23:00:00.000Z 01:00 CEST',
      '2026-10-25T00:00:00.000Z 02:00 CEST',
      '2026-10-25T01:00:00.000Z 02:00 CET',
      '2026-10-25T02:00:00.000Z 03:00 CET',
      '2026-10-25T03:00:00.000Z 04:00 CET',
    ]);
    expect(fireTimes({ cron: '@hourly', timezone: zone }, '2026-10-24T22:30:00Z', 5)).toEqual(
      fireTimes({ cron: '0 * * * *', timezone: zone }, '2026-10-24T22:30:00Z', 5),
    );
  });

  it('fires 30 2 * * * once, in the first pass', () => {
    expect(fireTimes({ cron: '30 2 * * *', timezone: zone }, '2026-10-24T12:00:00Z', 3)).toEqual([
      '2026-10-25T00:30:00.000Z 02:30 CEST',
      '2026-10-26T01:30:00.000Z 02:30 CET',
      '2026-10-27T01:30:00.000Z 02:30 CET',
    ]);
  });

  it('fires picked hours in the first pass only', () => {
    // Every 15 minutes of hour 2, and every other hour: both name clock times, so neither repeats.
    expect(fireTimes({ cron: '*/15 2 * * *', timezone: zone }, '2026-10-24T23:50:00Z', 5)).toEqual([
      '2026-10-25T00:00:00.000Z 02:00 CEST',
      '2026-10-25T00:15:00.000Z 02:15 CEST',
      '2026-10-25T00:30:00.000Z 02:30 CEST',
      '2026-10-25T00:45:00.000Z 02:45 CEST',
      '2026-10-26T01:00:00.000Z 02:00 CET',
    ]);
    expect(fireTimes({ cron: '0 */2 * * *', timezone: zone }, '2026-10-24T21:30:00Z', 3)).toEqual([
      '2026-10-24T22:00:00.000Z 00:00 CEST',
      '2026-10-25T00:00:00.000Z 02:00 CEST',
      '2026-10-25T03:00:00.000Z 04:00 CET',
    ]);
  });

  it('starts at startAt inside the second pass', () => {
    // startAt only cuts off earlier fire times, so the repeated ones after it still fire.
    const schedule = { cron: '*/15 * * * *', timezone: zone, startAt: '2026-10-25T01:10:00Z' };

    expect(fireTimes(schedule, '2026-10-24T12:00:00Z', 3)).toEqual([
      '2026-10-25T01:15:00.000Z 02:15 CET',
      '2026-10-25T01:30:00.000Z 02:30 CET',
      '2026-10-25T01:45:00.000Z 02:45 CET',
    ]);
  });
});

describe('cron when clocks go back half an hour in Australia/Lord_Howe', () => {
  // 2026-04-05: 02:00 (+11) becomes 01:30 (+10:30) at 15:00Z on April 4, so 01:30-01:59 occur twice.
  const zone = 'Australia/Lord_Howe';

  it('fires every 15 minutes through both passes', () => {
    expect(fireTimes({ cron: '*/15 * * * *', timezone: zone }, '2026-04-04T14:05:00Z', 7)).toEqual([
      '2026-04-04T14:15:00.000Z 01:15 GMT+11',
      '2026-04-04T14:30:00.000Z 01:30 GMT+11',
      '2026-04-04T14:45:00.000Z 01:45 GMT+11',
      '2026-04-04T15:00:00.000Z 01:30 GMT+10:30',
      '2026-04-04T15:15:00.000Z 01:45 GMT+10:30',
      '2026-04-04T15:30:00.000Z 02:00 GMT+10:30',
      '2026-04-04T15:45:00.000Z 02:15 GMT+10:30',
    ]);
  });

  it('fires hourly without a repeat on the hour', () => {
    // 01:00 lies before the repeated half hour and 02:00 after it, so each occurs once.
    expect(fireTimes({ cron: '0 * * * *', timezone: zone }, '2026-04-04T13:30:00Z', 3)).toEqual([
      '2026-04-04T14:00:00.000Z 01:00 GMT+11',
      '2026-04-04T15:30:00.000Z 02:00 GMT+10:30',
      '2026-04-04T16:30:00.000Z 03:00 GMT+10:30',
    ]);
  });

  it('fires 45 1 * * * once, in the first pass', () => {
    expect(fireTimes({ cron: '45 1 * * *', timezone: zone }, '2026-04-04T12:00:00Z', 2)).toEqual([
      '2026-04-04T14:45:00.000Z 01:45 GMT+11',
      '2026-04-05T15:15:00.000Z 01:45 GMT+10:30',
    ]);
  });
});

describe('cron in UTC on the Berlin clocks-back night', () => {
  it('fires every 15 minutes as on any night', () => {
    expect(fireTimes({ cron: '*/15 * * * *', timezone: 'UTC' }, '2026-10-25T00:35:00Z', 6)).toEqual([
      '2026-10-25T00:45:00.000Z 00:45 UTC',
      '2026-10-25T01:00:00.000Z 01:00 UTC',
      '2026-10-25T01:15:00.000Z 01:15 UTC',
      '2026-10-25T01:30:00.000Z 01:30 UTC',
      '2026-10-25T01:45:00.000Z 01:45 UTC',
      '2026-10-25T02:00:00.000Z 02:00 UTC',
    ]);
  });

  it('fires hourly and daily once each', () => {
    expect(fireTimes({ cron: '0 * * * *', timezone: 'UTC' }, '2026-10-25T00:30:00Z', 3)).toEqual([
      '2026-10-25T01:00:00.000Z 01:00 UTC',
      '2026-10-25T02:00:00.000Z 02:00 UTC',
      '2026-10-25T03:00:00.000Z 03:00 UTC',
    ]);
    expect(fireTimes({ cron: '30 2 * * *', timezone: 'UTC' }, '2026-10-24T12:00:00Z', 2)).toEqual([
      '2026-10-25T02:30:00.000Z 02:30 UTC',
      '2026-10-26T02:30:00.000Z 02:30 UTC',
    ]);
  });
});
