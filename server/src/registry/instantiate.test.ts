import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Inlet } from '../engine/inlet.js';
import { Link } from '../engine/link.js';
import { Outlet } from '../engine/outlet.js';
import type { DataRecord } from '../engine/record.js';
import { Update } from '../engine/update.js';
import { defineInlet, defineOutlet, type NodeContext } from './define.js';
import { instantiateNode } from './instantiate.js';
import { createNodeContext } from './node-context.js';
import { NodeConfigError, NodeTypeError } from './node-type-error.js';

const silent = pino({ level: 'silent' });
const PLUGIN_SOURCE = '/data/plugins/acme.mjs';

function context(nodeId = 'node-1'): NodeContext {
  return createNodeContext({ flowId: 'flow-1', nodeId, logger: silent, filesRoot: '/data/files' });
}

const countingInlet = defineInlet({
  type: 'acme.counting-inlet',
  label: 'Counting',
  category: 'Test',
  description: 'Returns 1..count.',
  config: z.object({ count: z.number().int().min(1).default(2) }),
  create: (config) => ({ pull: () => Array.from({ length: config.count }, (_, index) => index + 1) }),
});

function failingInlet(message: string) {
  return defineInlet({
    ...countingInlet,
    create: () => ({
      pull: () => {
        throw new Error(message);
      },
    }),
  });
}

describe('instantiateNode', () => {
  it('wraps a plain inlet named by its node id', async () => {
    const inlet = await instantiateNode(countingInlet, {}, context('inlet-7'), { source: PLUGIN_SOURCE });

    expect(inlet).toBeInstanceOf(Inlet);
    expect(inlet.name).toBe('inlet-7');
    const records = (inlet as Inlet).toRecords(await (inlet as Inlet).pull(new Update([], 0)));
    expect(records.map((record) => record.payload)).toEqual([1, 2]);
    expect(records[0].metadata.__inlet__).toBe('inlet-7');
  });

  it('passes parsed config with defaults and the context to create', async () => {
    let received: unknown;
    let receivedContext: NodeContext | undefined;
    const definition = defineInlet({
      ...countingInlet,
      create: (config, nodeContext) => {
        received = config;
        receivedContext = nodeContext;
        return { pull: () => [] };
      },
    });
    const nodeContext = context('node-2');

    await instantiateNode(definition, { count: 5 }, nodeContext);

    expect(received).toEqual({ count: 5 });
    expect(receivedContext).toBe(nodeContext);
    expect(nodeContext.resolvePath('in.csv')).toBe('/data/files/in.csv');
  });

  it('skips parsing when the caller parsed already', async () => {
    let received: unknown;
    const definition = defineInlet({
      ...countingInlet,
      config: z.object({ name: z.string().transform((name) => name.toUpperCase()) }),
      create: (config) => {
        received = config;
        return { pull: () => [] };
      },
    });

    await instantiateNode(definition, { name: 'ALREADY' }, context(), { parseConfig: false });

    expect(received).toEqual({ name: 'ALREADY' });
  });

  it('returns an Inlet subclass instance as it is', async () => {
    class OwnInlet extends Inlet {
      pull() {
        return ['own'];
      }
    }
    const own = new OwnInlet();
    const definition = defineInlet({ ...countingInlet, create: () => own });

    const inlet = await instantiateNode(definition, {}, context(), { source: PLUGIN_SOURCE });

    expect(inlet).toBe(own);
    expect(await (inlet as Inlet).pull(new Update([], 0))).toEqual(['own']);
  });

  it('accepts an inlet of another engine copy', async () => {
    const foreign = {
      name: 'bundled',
      lifecycle: { acquire: async () => undefined, release: async () => undefined },
      pull: () => ['from a bundled engine'],
    };
    const definition = defineInlet({ ...countingInlet, create: () => foreign as unknown as Inlet });

    const inlet = await instantiateNode(definition, {}, context(), { source: PLUGIN_SOURCE });

    expect(inlet).toBe(foreign);
    expect(await (inlet as Inlet).pull(new Update([], 0))).toEqual(['from a bundled engine']);
  });

  it('rejects an invalid config naming the field', async () => {
    const promise = instantiateNode(countingInlet, { count: 0 }, context('node-3'));

    await expect(promise).rejects.toBeInstanceOf(NodeConfigError);
    await expect(promise).rejects.toThrow(/node "node-3" of type "acme.counting-inlet": count: /);
  });

  it('names the plugin when create throws', async () => {
    const definition = defineInlet({
      ...countingInlet,
      create: () => {
        throw new Error('missing API key');
      },
    });

    const promise = instantiateNode(definition, {}, context(), { source: PLUGIN_SOURCE });

    await expect(promise).rejects.toBeInstanceOf(NodeTypeError);
    await expect(promise).rejects.toThrow(
      `Node type "acme.counting-inlet" from ${PLUGIN_SOURCE} failed in create: missing API key`,
    );
  });

  it('keeps a built-in error as it is', async () => {
    const original = new Error('disk full');
    const definition = defineInlet({
      ...countingInlet,
      create: () => {
        throw original;
      },
    });

    await expect(instantiateNode(definition, {}, context())).rejects.toBe(original);
  });

  it('rejects create results of the wrong shape', async () => {
    const inletReturningOutlet = defineInlet({ ...countingInlet, create: () => ({ push: () => undefined }) as never });
    const outletReturningNothing = defineOutlet({
      ...countingInlet,
      create: () => undefined as never,
    });

    await expect(instantiateNode(inletReturningOutlet, {}, context(), { source: PLUGIN_SOURCE })).rejects.toThrow(
      'must return an Inlet or an object with pull(update)',
    );
    await expect(instantiateNode(outletReturningNothing, {}, context(), { source: PLUGIN_SOURCE })).rejects.toThrow(
      'create() returned missing but a outlet node type must return an Outlet or an object with push(records, update)',
    );
  });

  it('names the plugin when pull throws', async () => {
    const inlet = (await instantiateNode(failingInlet('feed unreachable'), {}, context(), { source: PLUGIN_SOURCE })) as Inlet;

    const error = await Promise.resolve()
      .then(() => inlet.pull(new Update([], 0)))
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NodeTypeError);
    expect((error as NodeTypeError).stage).toBe('pull');
    expect((error as NodeTypeError).source).toBe(PLUGIN_SOURCE);
    expect(((error as NodeTypeError).cause as Error).message).toBe('feed unreachable');
  });

  it('names the plugin when push throws', async () => {
    const definition = defineOutlet({
      ...countingInlet,
      type: 'acme.failing-outlet',
      create: () => ({
        push: async () => {
          throw new Error('webhook returned 500');
        },
      }),
    });
    const outlet = (await instantiateNode(definition, {}, context(), { source: PLUGIN_SOURCE })) as Outlet;

    await expect(outlet.push([], new Update([], 0))).rejects.toThrow(
      `Node type "acme.failing-outlet" from ${PLUGIN_SOURCE} failed in push: webhook returned 500`,
    );
  });

  it('fires the signal on shutdown before onShutdown runs', async () => {
    const events: string[] = [];
    const nodeContext = context();
    const definition = defineInlet({
      ...countingInlet,
      create: (_config, { signal }) => ({
        pull: () => [],
        onStart: () => {
          events.push(`start aborted=${signal.aborted}`);
        },
        onShutdown: () => {
          events.push(`shutdown aborted=${signal.aborted}`);
        },
      }),
    });
    const inlet = await instantiateNode(definition, {}, nodeContext, { source: PLUGIN_SOURCE });

    await inlet.lifecycle.acquire();
    await inlet.lifecycle.release();

    expect(events).toEqual(['start aborted=false', 'shutdown aborted=true']);
    expect(nodeContext.signal.aborted).toBe(true);
  });

  it('streams the batches of a plain inlet', async () => {
    const definition = defineInlet({
      ...countingInlet,
      type: 'acme.paged-inlet',
      create: () => ({
        pull: () => [1, 2, 3],
        async *pullBatches() {
          yield [1, 2];
          yield [3];
        },
      }),
    });
    const inlet = (await instantiateNode(definition, {}, context('pages'), { source: PLUGIN_SOURCE })) as Inlet;
    const batches: unknown[][] = [];
    const outlet = (await instantiateNode(
      defineOutlet({ ...countingInlet, type: 'acme.batch-outlet', create: () => ({ push: (records) => void batches.push(records.map((record) => record.payload)) }) }),
      {},
      context('batches'),
      { source: PLUGIN_SOURCE },
    )) as Outlet;
    const link = new Link({ inlets: [inlet], outlets: [outlet], interval: 60_000, streamBatches: true, logger: silent });

    await link.transfer();
    await link.shutdown();

    expect(batches).toEqual([[1, 2], [3]]);
  });

  it('names the plugin when a batch fails', async () => {
    const definition = defineInlet({
      ...countingInlet,
      type: 'acme.paged-inlet',
      create: () => ({
        pull: () => [],
        async *pullBatches() {
          yield [1];
          throw new Error('page 2 returned 503');
        },
      }),
    });
    const inlet = (await instantiateNode(definition, {}, context('pages'), { source: PLUGIN_SOURCE })) as Inlet;
    const read: unknown[] = [];

    const reading = (async () => {
      for await (const batch of inlet.pullBatches!(new Update([], 0))) read.push(batch);
    })();

    await expect(reading).rejects.toThrow(`Node type "acme.paged-inlet" from ${PLUGIN_SOURCE} failed in pull: page 2 returned 503`);
    expect(read).toEqual([[1]]);
  });

  it('fails a link transfer naming the plugin', async () => {
    const inlet = (await instantiateNode(failingInlet('feed unreachable'), {}, context('inlet-1'), { source: PLUGIN_SOURCE })) as Inlet;
    const pushed: DataRecord[] = [];
    const outlet = (await instantiateNode(
      defineOutlet({ ...countingInlet, type: 'acme.memory-outlet', create: () => ({ push: (records) => void pushed.push(...records) }) }),
      {},
      context('outlet-1'),
      { source: PLUGIN_SOURCE },
    )) as Outlet;
    const link = new Link({ inlets: [inlet], outlets: [outlet], interval: 60_000, logger: silent });
    const failures: Error[] = [];
    link.on('nodeFailed', (event) => failures.push(event.error));

    await expect(link.transfer()).rejects.toThrow();
    await link.shutdown();

    expect(failures).toHaveLength(1);
    expect(failures[0].message).toContain(`Node type "acme.counting-inlet" from ${PLUGIN_SOURCE} failed in pull: feed unreachable`);
    expect(pushed).toEqual([]);
  });
});
