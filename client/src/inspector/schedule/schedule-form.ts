import { describeSchedule, previewSchedule, type ScheduleSpec, type SchedulePreview } from '@databay-studio/shared';

/** How a link's transfers are timed: every fixed interval, or at the times a cron expression matches. */
export type ScheduleMode = 'interval' | 'cron';

/** Link config keys the schedule editor owns; the generic form shows the others. */
export const SCHEDULE_CONFIG_KEYS = ['interval', 'schedule', 'overlap', 'maxConcurrent'] as const;

/** Titles of the fields the schedule editor shows, by config path. Deploy problem lists use the same titles. */
export const SCHEDULE_FIELD_TITLES: Readonly<Record<string, string>> = {
  interval: 'Every',
  'schedule.interval': 'Every',
  'schedule.cron': 'Cron expression',
  'schedule.timezone': 'Time zone',
  'schedule.startAt': 'Start at',
  'schedule.endAt': 'End at',
  overlap: 'When a transfer is still running',
  maxConcurrent: 'Max concurrent transfers',
};

/** Cron expression a link gets when the user switches it to cron: at minute 0 of every hour. */
export const DEFAULT_CRON = '0 * * * *';

type LinkConfig = Record<string, unknown>;
type ScheduleWindow = { startAt?: string; endAt?: string };

function scheduleOf(config: LinkConfig): Record<string, unknown> | undefined {
  const schedule = config.schedule;
  return schedule !== null && typeof schedule === 'object' && !Array.isArray(schedule) ? (schedule as Record<string, unknown>) : undefined;
}

function windowOf(schedule: Record<string, unknown> | undefined): ScheduleWindow {
  const window: ScheduleWindow = {};
  if (typeof schedule?.startAt === 'string') window.startAt = schedule.startAt;
  if (typeof schedule?.endAt === 'string') window.endAt = schedule.endAt;
  return window;
}

function withoutKey(config: LinkConfig, key: string): LinkConfig {
  const { [key]: _removed, ...rest } = config;
  return rest;
}

/** Returns the mode of a link config: cron when its `schedule` has a `cron` key. */
export function scheduleModeOf(config: LinkConfig): ScheduleMode {
  return scheduleOf(config) && 'cron' in scheduleOf(config)! ? 'cron' : 'interval';
}

/** Returns the schedule a link runs on: its `schedule`, else `{ interval }` from the shorthand, else undefined. */
export function linkScheduleOf(config: LinkConfig): ScheduleSpec | undefined {
  const schedule = scheduleOf(config);
  if (schedule) return schedule as unknown as ScheduleSpec;
  if (config.interval === undefined) return undefined;
  return { interval: config.interval as never };
}

/** Returns the startAt and endAt of a link's schedule. */
export function scheduleWindowOf(config: LinkConfig): ScheduleWindow {
  return windowOf(scheduleOf(config));
}

/**
 * Stores an interval schedule: the `interval` shorthand alone when there is no window, because
 * that is the form a flow document written by hand uses, else `schedule: { interval, ...window }`.
 */
function withIntervalSchedule(config: LinkConfig, interval: unknown, window: ScheduleWindow): LinkConfig {
  const next = { ...withoutKey(config, 'schedule'), interval };
  if (!window.startAt && !window.endAt) return next;
  return { ...next, schedule: { interval, ...window } };
}

/** Switches a link between interval and cron, keeping its interval, its window and, for cron, the given zone. */
export function switchScheduleMode(config: LinkConfig, mode: ScheduleMode, timeZone: string): LinkConfig {
  const window = scheduleWindowOf(config);
  if (mode === scheduleModeOf(config)) return config;

  if (mode === 'interval') return withIntervalSchedule(config, config.interval ?? { seconds: 5 }, window);
  return { ...config, schedule: { cron: DEFAULT_CRON, timezone: timeZone, ...window } };
}

/** Sets the interval, also inside `schedule` when the link's interval schedule has a window. */
export function withInterval(config: LinkConfig, interval: unknown): LinkConfig {
  if (scheduleModeOf(config) === 'cron') return { ...config, interval };
  return withIntervalSchedule(config, interval, scheduleWindowOf(config));
}

/** Sets the cron expression or time zone of a cron schedule. */
export function withCronFields(config: LinkConfig, patch: { cron?: string; timezone?: string }): LinkConfig {
  const schedule = scheduleOf(config) ?? {};
  return { ...config, schedule: { ...schedule, ...patch } };
}

/** Sets or clears startAt or endAt; an interval schedule without a window goes back to the shorthand. */
export function withScheduleWindow(config: LinkConfig, patch: ScheduleWindow): LinkConfig {
  const window: ScheduleWindow = { ...scheduleWindowOf(config), ...patch };
  if (!window.startAt) delete window.startAt;
  if (!window.endAt) delete window.endAt;

  if (scheduleModeOf(config) === 'interval') return withIntervalSchedule(config, config.interval, window);
  const { startAt: _startAt, endAt: _endAt, ...cron } = scheduleOf(config) ?? {};
  return { ...config, schedule: { ...cron, ...window } };
}

/** Sets the overlap policy; maxConcurrent goes with any policy but `parallel`, as deploy rejects it there. */
export function withOverlap(config: LinkConfig, overlap: string): LinkConfig {
  const next = { ...config, overlap };
  return overlap === 'parallel' ? next : withoutKey(next, 'maxConcurrent');
}

/**
 * Describes a link's schedule in words and lists its next fire times after `now`. A deployed interval link with no
 * startAt counts from `nextAt`, the time the server plans its next transfer, because its ticks
 * started at deploy, not at `now`.
 */
export function linkSchedulePreview(config: LinkConfig, now: number, nextAt?: string, count = 3): SchedulePreview | undefined {
  const schedule = linkScheduleOf(config);
  if (!schedule) return undefined;

  if (!nextAt || !('interval' in schedule) || schedule.startAt) return previewSchedule(schedule, new Date(now), count);

  // The anchor only places the times; the words describe the schedule as the user set it.
  const anchored = previewSchedule({ ...schedule, startAt: nextAt }, new Date(now), count);
  return { ...anchored, description: describeSchedule(schedule) };
}

/** Converts an ISO time to the text of a datetime-local input in the browser's zone; empty for a missing or invalid time. */
export function toDateTimeLocal(iso: string | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '';

  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Converts the text of a datetime-local input, read in the browser's zone, to an ISO time; undefined for an empty or invalid text. */
export function fromDateTimeLocal(text: string): string | undefined {
  if (!text) return undefined;
  const time = new Date(text).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/**
 * Formats a fire time for the canvas and inspector, e.g. "Sat 5 Dec 06:00 CET", in the given
 * zone or the browser's. Seconds show only when they are not zero.
 */
export function formatFireTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
    ...(date.getUTCSeconds() !== 0 ? { second: '2-digit' } : {}),
    ...(timeZone ? { timeZoneName: 'short' } : {}),
  };
  return new Intl.DateTimeFormat('en-GB', options).format(date).replace(',', '');
}

/** Lists the IANA zones the browser supports, sorted, with UTC and `current` added when missing. */
export function timeZoneOptions(current: string | undefined): string[] {
  const supported = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const zones = new Set(supported);
  zones.add('UTC');
  if (current) zones.add(current);
  return [...zones].sort();
}

/** Returns the browser's IANA zone, e.g. "Europe/Berlin". */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
