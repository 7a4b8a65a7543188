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

/** Link config keys of its steps, to spread into the link's object schema. */
export const linkStepsConfigShape = {
  processors: processorStepsSchema.describe('Processors run in order on all records of each transfer.'),
  groupers: processorStepsSchema.describe('Groupers that cut the records into batches; each batch goes to the outlets on its own.'),
};

/** Outlet config key of its own processors, to spread into an outlet's config schema. */
export const outletStepsConfigShape = {
  processors: processorStepsSchema.describe('Processors run in order on the records of this outlet only.'),
};
