import { z } from 'zod';
import { defineInlet, defineOutlet, type NodeTypeDefinition } from '../../registry/define.js';
import type { DataRecord } from '../../engine/record.js';
import { BUILTIN_SOURCE, NodeTypeRegistry } from '../../registry/registry.js';
import { builtinNodeTypes } from '../../nodes/index.js';
import { registerLinkNodeType } from '../deploy/link-node-type.js';

/** Counts and payloads of the test node types, by node id. */
export interface TestNodeCounters {
  starts: Map<string, number>;
  shutdowns: Map<string, number>;
  creates: Map<string, number>;
  pushed: Map<string, unknown[]>;
  aborted: Map<string, boolean>;
}

export const TEST_SOURCE = 'studio-tests';

export function createCounters(): TestNodeCounters {
  return { starts: new Map(), shutdowns: new Map(), creates: new Map(), pushed: new Map(), aborted: new Map() };
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * Node types for studio tests: a counting inlet and outlet (plain objects, so the adapters are
 * used), an inlet whose create throws, an outlet whose push throws, and an inlet that logs
 * through its context logger.
 */
export function testNodeTypes(counters: TestNodeCounters): NodeTypeDefinition[] {
  const countingInlet = defineInlet({
    type: 'test.counting-inlet',
    label: 'Counting inlet',
    category: 'Tests',
    description: 'Returns `count` numbers per transfer and counts its onStart and onShutdown.',
    config: z.object({ count: z.number().int().min(0).default(3), delayMs: z.number().int().min(0).default(0) }),
    create: (config, context) => {
      bump(counters.creates, context.nodeId);
      context.signal.addEventListener('abort', () => counters.aborted.set(context.nodeId, true));
      return {
        async pull() {
          if (config.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.delayMs));
          return Array.from({ length: config.count }, (_, index) => index);
        },
        onStart: () => bump(counters.starts, context.nodeId),
        onShutdown: () => bump(counters.shutdowns, context.nodeId),
      };
    },
  });

  const collectingOutlet = defineOutlet({
    type: 'test.collecting-outlet',
    label: 'Collecting outlet',
    category: 'Tests',
    description: 'Keeps every pushed payload and counts its onStart and onShutdown.',
    config: z.object({ token: z.string().optional().meta({ secret: true }) }),
    create: (_config, context) => {
      bump(counters.creates, context.nodeId);
      context.signal.addEventListener('abort', () => counters.aborted.set(context.nodeId, true));
      return {
        push(records: DataRecord[]) {
          const list = counters.pushed.get(context.nodeId) ?? [];
          list.push(...records.map((record) => record.payload));
          counters.pushed.set(context.nodeId, list);
        },
        onStart: () => bump(counters.starts, context.nodeId),
        onShutdown: () => bump(counters.shutdowns, context.nodeId),
      };
    },
  });

  const brokenInlet = defineInlet({
    type: 'test.broken-create-inlet',
    label: 'Broken inlet',
    category: 'Tests',
    description: 'Throws from create.',
    config: z.object({}),
    create: () => {
      throw new Error('cannot open the test source');
    },
  });

  const failingOutlet = defineOutlet({
    type: 'test.failing-outlet',
    label: 'Failing outlet',
    category: 'Tests',
    description: 'Throws from push with a message that contains its secret token.',
    config: z.object({ token: z.string().meta({ secret: true }) }),
    create: (config) => ({
      push() {
        throw new Error(`push failed for token ${config.token}`);
      },
    }),
  });

  const loggingInlet = defineInlet({
    type: 'test.logging-inlet',
    label: 'Logging inlet',
    category: 'Tests',
    description: 'Logs one info line through its context logger on every pull.',
    config: z.object({ message: z.string().default('pulled') }),
    create: (config, context) => ({
      pull(update) {
        context.logger.info({ update: update.toString() }, config.message);
        return [update.transferNumber];
      },
    }),
  });

  const failingStartInlet = defineInlet({
    type: 'test.failing-start-inlet',
    label: 'Inlet failing to start',
    category: 'Tests',
    description: 'Throws from onStart.',
    config: z.object({}),
    create: () => ({
      pull: () => [],
      onStart() {
        throw new Error('test source is offline');
      },
    }),
  });

  return [countingInlet, collectingOutlet, brokenInlet, failingOutlet, loggingInlet, failingStartInlet];
}

/** Creates a registry with the built-in node types, `link`, and the test node types. */
export function createTestRegistry(counters: TestNodeCounters): NodeTypeRegistry {
  const registry = new NodeTypeRegistry();
  for (const definition of builtinNodeTypes) registry.register(definition, BUILTIN_SOURCE);
  for (const definition of testNodeTypes(counters)) registry.register(definition, TEST_SOURCE);
  registerLinkNodeType(registry);
  return registry;
}
