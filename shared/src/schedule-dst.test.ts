import { describe, expect, it } from 'vitest';
import { nextFireTime } from './schedule.js';

/**
 * Cross-checks cron fire times on every offset-change day of 2026 against brute-force references
 * that scan instants and read their wall-clock times with Intl.DateTimeFormat.
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

/** A cron expression and, written out by hand, the wall-clock minutes and hours it matches. */
interface SubDailyCase {
  cron: string;
  minutes: number[];
  hours: number[];
}

const ALL_HOURS = Array.from({ length: 24 }, (_, hour) => hour);
const subDailyCases: SubDailyCase[] = [
  { cron: '*/15 * * * *', minutes: [0, 15, 30, 45], hours: ALL_HOURS },
  { cron: '0 * * * *', minutes: [0], hours: ALL_HOURS },
  { cron: '30 * * * *', minutes: [30], hours: ALL_HOURS },
  { cron: '10,40 0-23 * * *', minutes: [10, 40], hours: ALL_HOURS },
  { cron: '*/15 2 * * *', minutes: [0, 15, 30, 45], hours: [2] },
  { cron: '0 */2 * * *', minutes: [0], hours: [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22] },
  { cron: '45 0,1,23 * * *', minutes: [45], hours: [0, 1, 23] },
];

/** Wall-clock times, as naive ms, of every minute from one minute before `start` up to the end. */
interface WallClockScan {
  start: number;
  walls: number[];
}

function scanWallClock(timeZone: string, start: number, end: number): WallClockScan {
  const walls: number[] = [];
  for (let instant = start - MINUTE; instant < end; instant += MINUTE) {
    walls.push(Date.parse(wallText(instant, timeZone).replace(' ', 'T') + 'Z'));
  }
  return { start, walls };
}

/**
 * Lists the fire times of a scan by stepping minute by minute. A matching wall-clock time fires
 * when it shows, but a repeat of one already shown fires only when `hours` contains all 24 hours.
 * When the clock jumps forward past matching wall-clock times, the instant of the jump fires once
 * for all of them.
 */
function referenceFireTimes(testCase: SubDailyCase, scan: WallClockScan): number[] {
  const matches = (naive: number) => {
    const date = new Date(naive);
    return testCase.hours.includes(date.getUTCHours()) && testCase.minutes.includes(date.getUTCMinutes());
  };
  const bothPasses = testCase.hours.length === 24;

  const times: number[] = [];
  let latestWall = scan.walls[0]!;
  for (let index = 1; index < scan.walls.length; index++) {
    const previousWall = scan.walls[index - 1]!;
    const wall = scan.walls[index]!;

    let skippedMatch = false;
    for (let naive = previousWall + MINUTE; naive < wall; naive += MINUTE) skippedMatch ||= matches(naive);
    const shownMatch = matches(wall) && (bothPasses || wall > latestWall);
    if (skippedMatch || shownMatch) times.push(scan.start + (index - 1) * MINUTE);

    latestWall = Math.max(latestWall, wall);
  }
  return times;
}

/**
 * Returns, for each UTC day of 2026 on which the zone's offset changes, that day widened by
 * 12 hours on each side.
 */
function offsetChangeWindows(timeZone: string): [number, number][] {
  const offsetAt = (instant: number) => Date.parse(wallText(instant, timeZone).replace(' ', 'T') + 'Z') - instant;
  const windows: [number, number][] = [];
  for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2027, 0, 1); day += 24 * HOUR) {
    if (offsetAt(day) !== offsetAt(day + 24 * HOUR)) windows.push([day - 12 * HOUR, day + 36 * HOUR]);
  }
  return windows;
}

describe('sub-daily cron around offset changes', () => {
  it.each(zones)('matches the reference in %s', (timeZone) => {
    const windows = offsetChangeWindows(timeZone);
    if (timeZone !== 'Asia/Kolkata') expect(windows.length).toBeGreaterThanOrEqual(2);

    for (const [start, end] of windows) {
      const scan = scanWallClock(timeZone, start, end);

      for (const testCase of subDailyCases) {
        const schedule = { cron: testCase.cron, timezone: timeZone };
        const actual: number[] = [];
        for (let next = nextFireTime(schedule, new Date(start - 1)); next && next.getTime() < end; ) {
          actual.push(next.getTime());
          next = nextFireTime(schedule, next);
        }
        const expected = referenceFireTimes(testCase, scan);

        const label = (instant: number) => `${new Date(instant).toISOString()} ${wallText(instant, timeZone)}`;
        expect({ timeZone, cron: testCase.cron, fires: actual.map(label) }).toEqual({
          timeZone,
          cron: testCase.cron,
          fires: expected.map(label),
        });
      }
    }
  });
});
