import { describe, expect, it } from 'vitest';
import { nextFireTime } from './schedule.js';

/**
 * Cross-checks daily cron fire times on every offset-change day of 2026 against a brute-force
 * reference that scans instants minute by minute and reads wall-clock times with toLocaleString.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const referenceFormatters = new Map<string, Intl.DateTimeFormat>();

/** Formats an instant as "2026-03-29 03:00:00" in the zone (the sv-SE locale writes ISO-like dates). */
function wallText(instant: number, timeZone: string): string {
  let formatter = referenceFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    referenceFormatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(instant));
}

function naiveText(naive: number): string {
  return new Date(naive).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Returns the first instant showing the wall-clock time, or the first one after it when it is
 * skipped. It steps by 15 minutes, because every offset change in these zones falls on a quarter hour.
 */
function referenceFireTime(naive: number, timeZone: string): number {
  const target = naiveText(naive);
  for (let instant = naive - 16 * HOUR; instant <= naive + 16 * HOUR; instant += 15 * MINUTE) {
    if (wallText(instant, timeZone) >= target) return instant;
  }
  throw new Error(`No instant near ${target} in ${timeZone}`);
}

/** Local dates (as naive midnight ms) of 2026 on which the zone's UTC offset changes. */
function offsetChangeDays(timeZone: string): number[] {
  const days: number[] = [];
  const offsetAt = (instant: number) => Date.parse(wallText(instant, timeZone).replace(' ', 'T') + 'Z') - instant;
  for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += 24 * HOUR) {
    if (offsetAt(day) !== offsetAt(day + 24 * HOUR)) {
      // The change happens between 00:00Z of this day and the next, so on one of these local dates.
      days.push(day - 24 * HOUR, day, day + 24 * HOUR);
    }
  }
  return [...new Set(days)];
}

const zones = [
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
  'Pacific/Chatham',
  'Asia/Kolkata',
];
const clockTimes: [number, number][] = [
  [0, 0],
  [0, 30],
  [1, 30],
  [2, 0],
  [2, 15],
  [2, 30],
  [3, 0],
  [23, 45],
];

describe('daily cron around offset changes', () => {
  it.each(zones)('matches the reference in %s', (timeZone) => {
    const days = offsetChangeDays(timeZone);
    if (timeZone !== 'Asia/Kolkata') expect(days.length).toBeGreaterThanOrEqual(6);

    for (const day of days) {
      for (const [hour, minute] of clockTimes) {
        const schedule = { cron: `${minute} ${hour} * * *`, timezone: timeZone };
        const naive = day + hour * HOUR + minute * MINUTE;
        const expected = referenceFireTime(naive, timeZone);
        const previous = referenceFireTime(naive - 24 * HOUR, timeZone);

        const actual = nextFireTime(schedule, new Date(previous))?.getTime();

        expect({ timeZone, at: naiveText(naive), fires: actual && new Date(actual).toISOString() }).toEqual({
          timeZone,
          at: naiveText(naive),
          fires: new Date(expected).toISOString(),
        });
      }
    }
  });
});
