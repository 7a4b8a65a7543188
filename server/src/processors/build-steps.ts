import type { ProcessorStepConfig } from '@databay-studio/shared';
import type { Update } from '../engine/update.js';
import type { DataRecord } from '../engine/record.js';
import type {
  GrouperDefinition,
  GrouperInstance,
  ProcessorContext,
  ProcessorDefinition,
  ProcessorInstance,
} from './define-processor.js';
import { ProcessorError, ProcessorErrorCode } from './errors.js';
import { validateProcessorSteps, type StepLookup } from './validate-steps.js';

/** The context of every step of one list; `list` and `stepIndex` are filled in per step. */
export type StepListContext = Omit<ProcessorContext, 'list' | 'stepIndex'>;

/**
 * Creates the processors of a link's or an outlet's `processors` list, in order. Each expression
 * is compiled here, once per deploy. Throws a ProcessorError listing every problem of the list.
 */
export async function buildProcessors(
  steps: readonly ProcessorStepConfig[],
  lookup: StepLookup,
  context: StepListContext,
): Promise<ProcessorInstance[]> {
  checkSteps(steps, lookup, 'processors');

  const instances: ProcessorInstance[] = [];
  for (const [stepIndex, step] of steps.entries()) {
    const definition = lookup.get(step.type) as ProcessorDefinition;
    const config = definition.config.parse(step.config ?? {});
    instances.push(await definition.create(config, { ...context, list: 'processors', stepIndex }));
  }
  return instances;
}

/** Creates the groupers of a link's `groupers` list, in order. Throws like `buildProcessors`. */
export async function buildGroupers(
  steps: readonly ProcessorStepConfig[],
  lookup: StepLookup,
  context: StepListContext,
): Promise<GrouperInstance[]> {
  checkSteps(steps, lookup, 'groupers');

  const instances: GrouperInstance[] = [];
  for (const [stepIndex, step] of steps.entries()) {
    const definition = lookup.get(step.type) as GrouperDefinition;
    const config = definition.config.parse(step.config ?? {});
    instances.push(await definition.create(config, { ...context, list: 'groupers', stepIndex }));
  }
  return instances;
}

function checkSteps(steps: readonly ProcessorStepConfig[], lookup: StepLookup, list: 'processors' | 'groupers'): void {
  const problems = validateProcessorSteps(steps, lookup, list);
  if (problems.length === 0) return;

  const lines = problems.map((problem) => `${list}[${problem.index}].${problem.field}: ${problem.message}`);
  throw new ProcessorError(ProcessorErrorCode.invalidConfig, `Invalid ${list}:\n${lines.join('\n')}`);
}

/**
 * Empties the steps that hold records, such as buffers, on a graceful stop. Records a step
 * releases run through the steps after it, so a buffer's records still get mapped or filtered
 * by what follows it. Returns what comes out of the last step, for the groupers and outlets.
 */
export async function drainProcessors(
  processors: readonly ProcessorInstance[],
  update: Update,
): Promise<DataRecord[]> {
  let carried: DataRecord[] = [];

  for (const processor of processors) {
    let output = carried.length > 0 ? await processor.process(carried, update) : [];
    if (processor.flush) output = [...output, ...(await processor.flush())];
    carried = output;
  }
  return carried;
}
