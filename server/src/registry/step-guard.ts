import type { Processor } from '../engine/outlet.js';
import { nameFunction, type GrouperDefinition, type ProcessorDefinition, type StepDefinition } from '../processors/define-processor.js';
import { NodeTypeError } from './node-type-error.js';

/**
 * Returns a copy of a plugin's processor or grouper definition whose errors, from `create` and
 * from each `process`, `flush` or `group` call, are rethrown as NodeTypeError naming the type and
 * `source`, like the plugin's inlets and outlets. The wrapped function is named after the type,
 * so engine logs and events name the step.
 */
export function guardStepDefinition(definition: StepDefinition, source: string): StepDefinition {
  const fail = (stage: 'create' | 'process' | 'group', error: unknown) =>
    error instanceof NodeTypeError ? error : new NodeTypeError(definition.type, source, stage, error);

  if (definition.kind === 'processor') {
    const create: ProcessorDefinition['create'] = async (config, context) => {
      let instance;
      try {
        instance = await definition.create(config, context);
      } catch (error) {
        throw fail('create', error);
      }
      const { process, flush } = instance;
      const guarded: Processor = nameFunction(async (records, update) => {
        try {
          return await process(records, update);
        } catch (error) {
          throw fail('process', error);
        }
      }, definition.type);
      return {
        process: guarded,
        ...(flush
          ? {
              flush: async () => {
                try {
                  return await flush.call(instance);
                } catch (error) {
                  throw fail('process', error);
                }
              },
            }
          : {}),
      };
    };
    return { ...definition, create };
  }

  const create: GrouperDefinition['create'] = async (config, context) => {
    let instance;
    try {
      instance = await definition.create(config, context);
    } catch (error) {
      throw fail('create', error);
    }
    const { group } = instance;
    return {
      group: nameFunction(async (batches, update) => {
        try {
          return await group(batches, update);
        } catch (error) {
          throw fail('group', error);
        }
      }, definition.type),
    };
  };
  return { ...definition, create };
}
