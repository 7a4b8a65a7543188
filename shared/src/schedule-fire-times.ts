import { intervalToMs, type IntervalSpec } from './interval.js';
import { CRON_FIELDS, nextCronMatch, parseCron, type ParsedCron } from './schedule-cron.js';
import {
  checkTimeZone,
  localTimeZone,
  searchStartWallTime,
  wallTimeToInstant,
  type WallTimeOccurrence,
} from './schedule-time-zone.js';

/** The schedule fields the fire-time functions read; the zod types of schedule.ts fit it. */
export type ScheduleSpec =
  | { interval: IntervalSpec; startAt?: string; endAt?: string }
  | { cron: string; timezone?: string; startAt?: string; endAt?: string };

const parsedCrons = new Map<string, ParsedCron>();

function cachedCron(expression: string): ParsedCron {
  let parsed = parsedCrons.get(expression);
  if (!parsed) {
    parsed = parseCron(expression);
    parsedCrons.set(expression, parsed);
  }
  return parsed;
}

/**
 * Returns the first time after `after` at which the schedule fires, or undefined when it never
 * fires again (past `endAt`, or a cron expression with no match within 28 years).
 *
 * Interval schedules fire at `startAt + k * interval`; without `startAt` they fire one interval
 * after `after`. Cron schedules fire at the matching wall-clock times of their zone (the server's
 * zone when none is given). When clocks go back, a wall-clock time that occurs twice fires at
 * both occurrences if the hour field allows all 24 hours (`*`, `*\/1`, `0-23`), and only at the
 * first occurrence otherwise. A wall-clock time that does not exist when clocks go forward fires
 * once, at the first valid time after the gap (02:30 on a spring-forward night in Berlin fires
 * at 03:00).
 *
 * Throws InvalidCronError or InvalidTimeZoneError, or InvalidIntervalError, naming the value.
 */
export function nextFireTime(schedule: ScheduleSpec, after: Date): Date | undefined {
  const startAt = schedule.startAt === undefined ? undefined : Date.parse(schedule.startAt);
  const endAt = schedule.endAt === undefined ? Infinity : Date.parse(schedule.endAt);

  const next = 'cron' in schedule
    ? nextCronFireTime(schedule.cron, schedule.timezone ?? localTimeZone(), after.getTime(), startAt)
    : nextIntervalFireTime(schedule.interval, after.getTime(), startAt);

  if (next === undefined || next > endAt) return undefined;
  return new Date(next);
}

/** Returns up to `count` fire times after `from`, in order; fewer when the schedule ends. */
export function nextFireTimes(schedule: ScheduleSpec, from: Date, count: number): Date[] {
  const times: Date[] = [];
  let after = from;
  while (times.length < count) {
    const next = nextFireTime(schedule, after);
    if (!next) break;
    times.push(next);
    after = next;
  }
  return times;
}

function nextIntervalFireTime(interval: IntervalSpec, after: number, startAt: number | undefined): number {
  const ms = intervalToMs(interval);
  if (startAt === undefined) return after + ms;
  if (after < startAt) return startAt;
  return startAt + (Math.floor((after - startAt) / ms) + 1) * ms;
}

function nextCronFireTime(
  expression: string,
  timeZone: string,
  after: number,
  startAt: number | undefined,
): number | undefined {
  const cron = cachedCron(expression);
  checkTimeZone(timeZone);

  // Fire times are at or after startAt, so searching from just before it is the same as from after.
  const searchAfter = startAt !== undefined && startAt - 1 > after ? startAt - 1 : after;

  const first = nextCronInstant(cron, timeZone, searchAfter, 'earlier');
  if (!firesInBothPasses(cron)) return first;

  // The fire times are the first occurrences of the matching wall-clock times together with
  // their second occurrences. Each set is searched on its own, and the earlier result wins.
  // Both searches return the same instant for a time that occurs once, so it fires once.
  const second = nextCronInstant(cron, timeZone, searchAfter, 'later');
  if (first === undefined || second === undefined) return first ?? second;
  return Math.min(first, second);
}

/**
 * Tells whether the schedule fires in both passes of a wall-clock hour that repeats when clocks
 * go back. Vixie cron (cron.c of ISC cron 4.1, kept in OpenBSD's cron) runs its "wildcard" jobs
 * in the repeated hour and keeps "fixed-time" jobs from running twice. It calls a job wildcard
 * when its minute or hour field is written starting with `*`. This rule reads the hour values
 * instead: a schedule that allows every hour runs by the passing time, while one that picks hours
 * runs at clock times, and a clock time fires once. So `*\/15 2 * * *` and `0 *\/2 * * *` fire in
 * the first pass only, where Vixie cron fires them in both.
 */
function firesInBothPasses(cron: ParsedCron): boolean {
  return cron.hour.values.length === CRON_FIELDS.hour.max - CRON_FIELDS.hour.min + 1;
}

/**
 * Returns the first instant after `searchAfter` that a matching wall-clock time converts to, with
 * `occurrence` choosing between the two instants of a time that occurs twice.
 */
function nextCronInstant(
  cron: ParsedCron,
  timeZone: string,
  searchAfter: number,
  occurrence: WallTimeOccurrence,
): number | undefined {
  // Walk the matching wall-clock times in order. Converting them to instants never goes backwards,
  // so the first one that lands after `searchAfter` is the result.
  let naive = searchStartWallTime(searchAfter, timeZone, occurrence);
  for (;;) {
    const match = nextCronMatch(cron, naive);
    if (match === undefined) return undefined;

    const instant = wallTimeToInstant(match, timeZone, occurrence);
    if (instant > searchAfter) return instant;
    naive = match + 1;
  }
}
