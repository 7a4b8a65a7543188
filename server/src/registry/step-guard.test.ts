import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DataRecord } from '../engine/record.js';
import { Update } from '../engine/update.js';
import { defineGrouper, defineProcessor, type ProcessorContext } from '../processors/define-processor.js';
import { NodeTypeError } from './node-type-error.js';
import { NodeTypeRegistry } from './registry.js';

const SOURCE = 'plugins/acme.mjs';

const context: ProcessorContext = {
  flowId: 'f1',
  linkId: 'l1',
  nodeId: 'l1',
  list: 'processors',
  stepIndex: 0,
  logger: pino({ level: 'silent' }),
};

function registryWith(...definitions: Parameters<NodeTypeRegistry['register']>[0][]): NodeTypeRegistry {
  const registry = new NodeTypeRegistry();
  for (const definition of definitions) expect(registry.register(definition, SOURCE)).toBe(true);
  return registry;
}

describe('plugin step guard', () => {
  it('names the plugin when process throws', async () => {
    const registry = registryWith(
      defineProcessor({
        type: 'acme.fails',
        label: 'Fails',
        category: 'Processors',
        description: 'Throws on every call',
        config: z.object({}),
        create: () => ({
          process: () => {
            throw new Error('bad record');
          },
        }),
      }),
    );

    const instance = await registry.getStep('acme.fails')!.create({}, context);
    const processor = (instance as { process: (records: DataRecord[], update: Update) => unknown }).process;
    const failure = await Promise.resolve(processor([new DataRecord(1)], new Update([], 0))).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(NodeTypeError);
    expect((failure as Error).message).toBe('Node type "acme.fails" from plugins/acme.mjs failed in process: bad record');
    expect(processor.name).toBe('acme.fails');
  });

  it('keeps flush and wraps create and group errors', async () => {
    const registry = registryWith(
      defineProcessor({
        type: 'acme.hold',
        label: 'Hold',
        category: 'Processors',
        description: 'Holds one record',
        config: z.object({}),
        create: () => ({ process: () => [], flush: () => [new DataRecord('held')] }),
      }),
      defineGrouper({
        type: 'acme.broken-create',
        label: 'Broken',
        category: 'Groupers',
        description: 'Throws from create',
        config: z.object({}),
        create: () => {
          throw new Error('no way');
        },
      }),
    );

    const hold = (await registry.getStep('acme.hold')!.create({}, context)) as { flush?: () => Promise<DataRecord[]> };
    expect((await hold.flush!()).map((record) => record.payload)).toEqual(['held']);

    const failure = await Promise.resolve(registry.getStep('acme.broken-create')!.create({}, context)).catch((error: unknown) => error);
    expect((failure as Error).message).toBe('Node type "acme.broken-create" from plugins/acme.mjs failed in create: no way');
  });
});
