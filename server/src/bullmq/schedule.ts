import { localTimeZone, nextFireTime } from '@databay-studio/shared';
import type { Job, RepeatOptions, RepeatStrategy } from 'bullmq';
import type { Link } from '../engine/link.js';

/** Repeat options of a link's job scheduler, as `queue.upsertJobScheduler` takes them. */
export type SchedulerRepeatOptions = Omit<RepeatOptions, 'key'>;

/**
 * Returns the job scheduler options for a link's schedule, or undefined when the schedule has
 * no fire time after `nowMs` (its endAt has passed).
 *
 * - Interval: `every` with `startDate` at the link's next fire time, so the first scheduled
 *   transfer comes one interval after now (or on the startAt grid), as with NodeSchedulePlanner.
 *   BullMQ then fires at startDate + k * every. The immediate transfer is a job of its own.
 * - Cron: `pattern` and `tz`, always with an explicit zone, because BullMQ computes later fire
 *   times in whichever process picks the job, and those may sit in other zones.
 */
export function schedulerRepeatOptions(link: Link, nowMs: number): SchedulerRepeatOptions | undefined {
  const first = link.nextFireTime(new Date(nowMs));
  if (first === undefined) return undefined;

  const schedule = link.schedule;
  const endDate = schedule.endAt === undefined ? undefined : Date.parse(schedule.endAt);
  if ('cron' in schedule) {
    const startDate = schedule.startAt === undefined ? undefined : Date.parse(schedule.startAt);
    return withoutUndefined({ pattern: schedule.cron, tz: schedule.timezone ?? localTimeZone(), startDate, endDate });
  }
  return withoutUndefined({ every: link.intervalMs, startDate: first.getTime(), endDate });
}

/**
 * BullMQ repeat strategy that computes a cron scheduler's next fire time with the same rules
 * as NodeSchedulePlanner (`nextFireTime` of @databay-studio/shared) instead of cron-parser.
 * So macros such as `@hourly` work, and clock changes fire as in the link's own `nextFireTime`.
 * The planner's Queue and every TransferWorker must use it, because BullMQ calls the strategy
 * both where a scheduler is upserted and in the worker that picks the scheduler's job.
 */
export const databayRepeatStrategy: RepeatStrategy = (millis, options) => {
  if (options.pattern === undefined) return undefined;
  const next = nextFireTime(
    {
      cron: options.pattern,
      timezone: options.tz,
      startAt: toIsoTime(options.startDate),
      endAt: toIsoTime(options.endDate),
    },
    new Date(millis),
  );
  return next?.getTime();
};

/**
 * Returns the time a job scheduler scheduled this job for, in ms, or undefined for a job added
 * on its own (an immediate or enqueued transfer). BullMQ names scheduler jobs
 * `repeat:<scheduler id>:<fire time in ms>`.
 */
export function scheduledTimeOf(job: Pick<Job, 'id' | 'repeatJobKey'>): number | undefined {
  if (job.repeatJobKey === undefined || job.id === undefined) return undefined;
  const prefix = `repeat:${job.repeatJobKey}:`;
  if (!job.id.startsWith(prefix)) return undefined;
  const millis = Number(job.id.slice(prefix.length));
  return Number.isFinite(millis) ? millis : undefined;
}

function toIsoTime(value: Date | string | number | undefined): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return new Date(value).toISOString();
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
