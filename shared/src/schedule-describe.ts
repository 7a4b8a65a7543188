import { describeInterval, intervalToMs } from './interval.js';
import { parseCron, type CronField, type ParsedCron } from './schedule-cron.js';
import type { ScheduleSpec } from './schedule-fire-times.js';

const DAY_WORDS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTH_WORDS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/**
 * Describes a schedule in words for the link's inspector, e.g. "every 15 minutes" or
 * "at 06:00 on weekdays (Europe/Berlin)". Cron expressions outside the common shapes, and
 * invalid ones, are shown as `cron "<expression>"`.
 */
export function describeSchedule(schedule: ScheduleSpec): string {
  let text: string;
  if ('cron' in schedule) {
    text = describeCron(schedule.cron, schedule.timezone);
  } else {
    try {
      text = describeInterval(intervalToMs(schedule.interval));
    } catch {
      text = `interval ${JSON.stringify(schedule.interval)}`;
    }
  }

  if (schedule.startAt) text += `, from ${schedule.startAt}`;
  if (schedule.endAt) text += `, until ${schedule.endAt}`;
  return text;
}

function describeCron(expression: string, timeZone: string | undefined): string {
  let cron: ParsedCron;
  try {
    cron = parseCron(expression);
  } catch {
    return `cron "${expression}"`;
  }

  const time = describeTime(cron);
  const days = describeDays(cron);
  if (time === undefined || days === undefined) return `cron "${expression}"`;

  const text = [time.words, days].filter(Boolean).join(' ');
  // The zone matters to a reader only when the words name a clock time.
  return time.namesClockTime && timeZone ? `${text} (${timeZone})` : text;
}

interface TimeWords {
  words: string;
  namesClockTime: boolean;
}

function describeTime(cron: ParsedCron): TimeWords | undefined {
  const { second, minute, hour } = cron;
  const allMinutes = minute.wildcard;
  const allHours = hour.wildcard;

  const secondStep = stepOf(second, 60);
  if (secondStep !== undefined && allMinutes && allHours) {
    return { words: secondStep === 1 ? 'every second' : `every ${secondStep} seconds`, namesClockTime: false };
  }
  if (!isSingle(second, 0)) return undefined;

  const minuteStep = stepOf(minute, 60);
  if (minuteStep !== undefined && allHours) {
    return { words: minuteStep === 1 ? 'every minute' : `every ${minuteStep} minutes`, namesClockTime: false };
  }
  if (minute.values.length !== 1) return undefined;
  const atMinute = minute.values[0]!;

  const hourStep = stepOf(hour, 24);
  if (hourStep !== undefined) {
    const every = hourStep === 1 ? 'every hour' : `every ${hourStep} hours`;
    return { words: atMinute === 0 ? every : `${every} at minute ${atMinute}`, namesClockTime: false };
  }
  if (hour.values.length > 4) return undefined;

  const clockTimes = hour.values.map((value) => `${pad(value)}:${pad(atMinute)}`);
  return { words: `at ${joinWords(clockTimes)}`, namesClockTime: true };
}

function describeDays(cron: ParsedCron): string | undefined {
  const { dayOfMonth, month, dayOfWeek } = cron;

  let days: string;
  if (dayOfMonth.wildcard && dayOfWeek.wildcard) {
    days = '';
  } else if (dayOfMonth.wildcard) {
    days = describeWeekdays(dayOfWeek.values);
  } else if (dayOfWeek.wildcard && dayOfMonth.values.length <= 3) {
    days = `on day ${joinWords(dayOfMonth.values.map(String))} of the month`;
  } else {
    return undefined;
  }

  if (month.wildcard) return days;
  if (month.values.length > 3) return undefined;
  const months = `in ${joinWords(month.values.map((value) => MONTH_WORDS[value - 1]!))}`;
  return [days, months].filter(Boolean).join(' ');
}

function describeWeekdays(values: number[]): string {
  const key = values.join(',');
  if (key === '1,2,3,4,5') return 'on weekdays';
  if (key === '0,6') return 'on weekends';
  // List Sunday last, as a week that starts on Monday reads more naturally.
  const ordered = [...values.filter((value) => value !== 0), ...values.filter((value) => value === 0)];
  return `on ${joinWords(ordered.map((value) => `${DAY_WORDS[value]}s`))}`;
}

/**
 * Returns n when the field covers its whole cycle (60 seconds or minutes, 24 hours) in steps of
 * n, e.g. `*\/15`. A step that does not divide the cycle, such as `*\/7` minutes, leaves a shorter
 * gap at the turn of the hour, so it is not "every 7 minutes" and returns undefined.
 */
function stepOf(field: CronField, cycle: number): number | undefined {
  if (field.wildcard) return 1;
  const match = /^(?:\*|0)\/(\d+)$/.exec(field.source);
  if (!match) return undefined;
  const step = Number(match[1]);
  return cycle % step === 0 ? step : undefined;
}

function isSingle(field: CronField, value: number): boolean {
  return field.values.length === 1 && field.values[0] === value;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
