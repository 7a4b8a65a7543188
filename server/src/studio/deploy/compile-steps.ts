import type { Logger } from 'pino';
import type { LinkConfig, ProcessorStepConfig } from '@databay-studio/shared';
import type { Grouper, Processor } from '../../engine/outlet.js';
import { buildGroupers, buildProcessors } from '../../processors/build-steps.js';
import { nameFunction, type ProcessorInstance } from '../../processors/define-processor.js';
import type { ProcessorStateStore } from '../../processors/state-store.js';
import type { StepLookup } from '../../processors/validate-steps.js';

/** Ids, logger, registry lookup and store of one step list, for the steps' context and state keys. */
export interface StepSite {
  flowId: string;
  /** The link; for an outlet fed by several links, `*`. */
  linkId: string;
  /** The link itself, or the outlet whose config lists the steps. */
  nodeId: string;
  logger: Logger;
  lookup: StepLookup;
  /** Keeps buffers and dedupe windows; a preview passes a memory store so it changes nothing stored. */
  stateStore: ProcessorStateStore | undefined;
}

/** Link id in the state keys of an outlet's steps when several links feed the outlet. */
export const SHARED_OUTLET_LINK_ID = '*';

/**
 * Creates a link's processors and groupers from its config, once per deploy; each JSONata
 * expression is compiled here. The steps were validated with the flow, so a throw here comes
 * from a step type's `create`.
 */
export async function buildLinkSteps(
  config: Pick<LinkConfig, 'processors' | 'groupers'>,
  site: StepSite,
): Promise<{ processors: Processor[]; groupers: Grouper[] }> {
  const context = { flowId: site.flowId, linkId: site.linkId, nodeId: site.nodeId, logger: site.logger, stateStore: site.stateStore };
  const processors = await buildProcessors(config.processors ?? [], site.lookup, context);
  const groupers = await buildGroupers(config.groupers ?? [], site.lookup, context);
  return {
    processors: processors.map(toEngineProcessor),
    groupers: groupers.map((grouper) => grouper.group),
  };
}

/** Creates the processors of an outlet's `processors` key. */
export async function buildOutletProcessors(steps: readonly ProcessorStepConfig[], site: StepSite): Promise<Processor[]> {
  const context = { flowId: site.flowId, linkId: site.linkId, nodeId: site.nodeId, logger: site.logger, stateStore: site.stateStore };
  const processors = await buildProcessors(steps, site.lookup, context);
  return processors.map(toEngineProcessor);
}

/**
 * Turns a created processor into the engine's Processor: its `process` function, carrying
 * `flush` (and `restore`) when the step holds records, so a link releases them on a graceful
 * shutdown and hands back those it could not deliver.
 */
export function toEngineProcessor(instance: ProcessorInstance): Processor {
  if (!instance.flush) return instance.process;
  const process = instance.process;
  const flush = instance.flush.bind(instance);
  const processor: Processor = nameFunction((records, update) => process(records, update), process.name);
  processor.flush = flush;
  if (instance.restore) processor.restore = instance.restore.bind(instance);
  return processor;
}
