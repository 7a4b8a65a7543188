import { z } from 'zod';
import { intervalToMs, INTERVAL_UNITS } from './interval.js';
import { linkStepsConfigShape } from './processor-config.js';
import { checkOverlapConfig, linkScheduleConfigShape } from './schedule.js';

const unitShape = Object.fromEntries(
  INTERVAL_UNITS.map((unit) => [unit, z.number().min(0).optional().describe(unit)]),
) as Record<(typeof INTERVAL_UNITS)[number], z.ZodOptional<z.ZodNumber>>;

/** An interval in a flow document: milliseconds, or { days, hours, minutes, seconds, milliseconds }. */
export const intervalSchema = z
  .union([z.number(), z.object(unitShape).strict()])
  .superRefine((value, ctx) => {
    try {
      intervalToMs(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

/**
 * Config of a `link` node. Keys are the engine's Link option names, plus `processors` and
 * `groupers`, lists of steps the studio builds from the registered processor and grouper types.
 */
export const linkConfigSchema = z.object({
  interval: intervalSchema
    .default({ seconds: 5 })
    .describe('Time between transfers; shorthand for schedule { "interval": ... }, ignored when schedule is set.'),
  ...linkScheduleConfigShape,
  ...linkStepsConfigShape,
  tags: z
    .union([z.string(), z.array(z.string())])
    .default([])
    .describe('Tags of each update, e.g. ["quakes"] gives updates quakes.0, quakes.1, ...'),
  ignoreExceptions: z
    .boolean()
    .default(false)
    .describe('Log a failing inlet or outlet and go on with the transfer instead of failing it.'),
  copyRecords: z
    .boolean()
    .default(true)
    .describe('Give every outlet its own copy of the records, so no outlet sees another one\'s changes.'),
  inletConcurrency: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Maximum number of inlets pulled at once; unlimited when empty.'),
  streamBatches: z
    .boolean()
    .default(false)
    .describe('Push each batch an inlet reads before it reads the next, so a large file moves in bounded memory. Not available with groupers.'),
  immediateTransfer: z
    .boolean()
    .default(true)
    .describe('Run a transfer as soon as the flow is deployed.'),
}).superRefine((config, ctx) => {
  checkOverlapConfig(config, ctx);
  checkStreamBatches(config, ctx);
});

/** Reports `streamBatches` on a link with groupers: a grouper needs all records of a transfer at once. */
function checkStreamBatches(config: { streamBatches?: boolean; groupers?: unknown[] }, ctx: z.RefinementCtx): void {
  if (!config.streamBatches || (config.groupers?.length ?? 0) === 0) return;
  ctx.addIssue({
    code: 'custom',
    path: ['streamBatches'],
    message: 'Stream batches cannot be used with groupers, because a grouper needs all records of a transfer at once. Remove the groupers, or turn Stream batches off.',
  });
}

export type LinkConfig = z.infer<typeof linkConfigSchema>;
export type LinkConfigInput = z.input<typeof linkConfigSchema>;
