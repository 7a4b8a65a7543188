import { z } from 'zod';
import { INTERVAL_UNITS, intervalToMs, type IntervalSpec } from './interval.js';
import { parseCron } from './schedule-cron.js';
import { checkTimeZone } from './schedule-time-zone.js';

export * from './schedule-cron.js';
export * from './schedule-time-zone.js';
export * from './schedule-fire-times.js';
export * from './schedule-describe.js';
export * from './schedule-preview.js';

// Its own copy of the link's interval schema, because link-config.ts will import this file and
// an import back would make the two modules depend on their load order.
const unitShape = Object.fromEntries(
  INTERVAL_UNITS.map((unit) => [unit, z.number().min(0).optional()]),
) as Record<(typeof INTERVAL_UNITS)[number], z.ZodOptional<z.ZodNumber>>;

const intervalSchema = z.union([z.number(), z.object(unitShape).strict()]).superRefine((value, ctx) => {
  try {
    intervalToMs(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const instantSchema = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), {
    error: (issue) => `Invalid date ${JSON.stringify(issue.input)}: write an ISO 8601 time such as "2026-03-29T06:00:00Z".`,
  });

const windowShape = {
  startAt: instantSchema.optional().describe('No transfer runs before this time (ISO 8601).'),
  endAt: instantSchema.optional().describe('No transfer runs after this time (ISO 8601).'),
};

/** Runs a transfer every fixed duration. */
export const intervalScheduleSchema = z
  .object({
    interval: intervalSchema.describe('Time between transfers, e.g. { "seconds": 5 }.'),
    ...windowShape,
  })
  .strict();

const cronExpressionSchema = z.string().superRefine((expression, ctx) => {
  try {
    parseCron(expression);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

const timeZoneSchema = z.string().superRefine((timeZone, ctx) => {
  try {
    checkTimeZone(timeZone);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** Runs a transfer at the wall-clock times a cron expression matches, in a time zone. */
export const cronScheduleSchema = z
  .object({
    cron: cronExpressionSchema.describe(
      'Cron expression with 5 fields (minute hour day-of-month month day-of-week) or 6 (second first).',
    ),
    timezone: timeZoneSchema
      .optional()
      .describe('IANA time zone of the cron times, e.g. "Europe/Berlin". Defaults to the server\'s zone.'),
    ...windowShape,
  })
  .strict();

/** A link's schedule: `{ interval }` or `{ cron, timezone? }`, both with optional startAt/endAt. */
export const scheduleSchema = z
  .union([intervalScheduleSchema, cronScheduleSchema])
  .superRefine((schedule, ctx) => {
    if (schedule.startAt && schedule.endAt && Date.parse(schedule.startAt) >= Date.parse(schedule.endAt)) {
      ctx.addIssue({
        code: 'custom',
        path: ['endAt'],
        message: `Invalid schedule window: endAt "${schedule.endAt}" is not after startAt "${schedule.startAt}".`,
      });
    }
  });

export type IntervalSchedule = z.infer<typeof intervalScheduleSchema>;
export type CronSchedule = z.infer<typeof cronScheduleSchema>;
export type Schedule = z.infer<typeof scheduleSchema>;

export function isCronSchedule(schedule: Schedule): schedule is CronSchedule {
  return 'cron' in schedule;
}

/**
 * Policy for a transfer that is due while earlier ones of the link still run:
 * `skip` drops the tick, `queue` keeps at most one waiting tick, `parallel` starts up to
 * `maxConcurrent` transfers at once.
 */
export const OVERLAP_POLICIES = ['skip', 'queue', 'parallel'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

/** Link config keys of the overlap policy, to spread into the link's object schema. */
export const overlapConfigShape = {
  overlap: z
    .enum(OVERLAP_POLICIES)
    .default('skip')
    .describe('When a transfer is due while the previous one still runs: skip it, queue one, or run in parallel.'),
  maxConcurrent: z
    .number()
    .int()
    .min(2)
    .optional()
    .describe('With overlap "parallel": the maximum number of transfers running at once. Defaults to 2.'),
};

/** Checks that maxConcurrent comes only with overlap "parallel"; use it in the link's superRefine. */
export function checkOverlapConfig(
  config: { overlap?: OverlapPolicy; maxConcurrent?: number },
  ctx: z.RefinementCtx,
): void {
  if (config.maxConcurrent !== undefined && config.overlap !== 'parallel') {
    ctx.addIssue({
      code: 'custom',
      path: ['maxConcurrent'],
      message: `maxConcurrent=${config.maxConcurrent} needs overlap "parallel", but overlap is "${config.overlap ?? 'skip'}": remove maxConcurrent or set overlap to "parallel".`,
    });
  }
}

/** The overlap policy on its own, e.g. for tests and for the engine's option check. */
export const overlapConfigSchema = z.object(overlapConfigShape).superRefine(checkOverlapConfig);
export type OverlapConfig = z.infer<typeof overlapConfigSchema>;

/** Default of maxConcurrent when overlap is "parallel" and no maximum is given. */
export const DEFAULT_MAX_CONCURRENT = 2;

/**
 * Link config keys of scheduling, to spread into the link's object schema next to `interval`.
 * Add `checkOverlapConfig` to the link schema's superRefine.
 */
export const linkScheduleConfigShape = {
  schedule: scheduleSchema
    .optional()
    .describe('When transfers run: { "interval": ... } or { "cron": ..., "timezone": ... }. Replaces interval when set.'),
  ...overlapConfigShape,
};

/**
 * Returns the schedule a link runs on: its `schedule` when set, otherwise its `interval`, the
 * shorthand for `{ interval }`.
 */
export function effectiveSchedule(config: { interval: IntervalSpec; schedule?: Schedule }): Schedule {
  return config.schedule ?? { interval: config.interval };
}
