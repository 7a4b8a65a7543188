import { z } from 'zod';

/**
 * One step of a `processors` or `groupers` list in a link's or an outlet's config: a processor or
 * grouper node type and its config, e.g. `{ "type": "filter", "config": { "expression": "payload.wind > 5" } }`.
 */
export const processorStepSchema = z
  .object({
    type: z.string().min(1).describe('Type id of a processor or grouper, e.g. "filter" or "batch".'),
    config: z.record(z.string(), z.unknown()).default({}).describe('Config of the step, checked against its type\'s schema at deploy.'),
  })
  .strict();

/** A list of steps, run in order. */
export const processorStepsSchema = z.array(processorStepSchema).default([]);

export type ProcessorStepConfig = z.input<typeof processorStepSchema>;
