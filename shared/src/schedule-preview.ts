import { describeSchedule } from './schedule-describe.js';
import { nextFireTimes, type ScheduleSpec } from './schedule-fire-times.js';

/** A schedule as the link inspector shows it. */
export interface SchedulePreview {
  /** The schedule in words, e.g. "at 06:00 on weekdays (Europe/Berlin)". */
  description: string;
  /** The next fire times after `from`, as ISO 8601 strings; empty when the schedule is invalid or over. */
  nextFireTimes: string[];
  /** Reason the schedule cannot run, naming the value at fault; undefined when it can. */
  error?: string;
}

/**
 * Describes a schedule and lists its next fire times without throwing, so the inspector can show
 * an invalid cron expression or time zone while the user types.
 */
export function previewSchedule(schedule: ScheduleSpec, from: Date, count = 3): SchedulePreview {
  const description = describeSchedule(schedule);
  try {
    const times = nextFireTimes(schedule, from, count).map((date) => date.toISOString());
    return { description, nextFireTimes: times };
  } catch (error) {
    return { description, nextFireTimes: [], error: (error as Error).message };
  }
}
