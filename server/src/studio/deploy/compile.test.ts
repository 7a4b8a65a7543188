import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Flow } from '@databay-studio/shared';
import { Inlet } from '../../engine/inlet.js';
import { Outlet } from '../../engine/outlet.js';
import { Update } from '../../engine/update.js';
import { createCounters, createTestRegistry } from '../test-support/test-node-types.js';
import { compileFlow, type CompileOptions } from './compile.js';

const silent = pino({ level: 'silent' });

function options(registry = createTestRegistry(createCounters())): CompileOptions {
  return { registry, filesRoot: '/tmp/databay-compile-files', nodeLogger: silent, linkLogger: silent };
}

function flow(partial: Pick<Flow, 'nodes' | 'edges'>): Flow {
  return { id: 'flow-1', name: 'Compile test', version: 4, ...partial };
}

const at = { x: 0, y: 0 };

describe('compileFlow', () => {
  it('shared inlet is one instance in both links', async () => {
    const counters = createCounters();
    const result = await compileFlow(
      flow({
        nodes: [
          { id: 'in1', kind: 'inlet', type: 'test.counting-inlet', position: at, config: { count: 2 } },
          { id: 'a', kind: 'link', type: 'link', position: at, config: { interval: 1_000, tags: 'alpha' } },
          { id: 'b', kind: 'link', type: 'link', position: at, config: { interval: { minutes: 2 }, tags: ['beta', 'x'] } },
          { id: 'out1', kind: 'outlet', type: 'test.collecting-outlet', position: at, config: {} },
          { id: 'out2', kind: 'outlet', type: 'null-outlet', position: at, config: {} },
          { id: 'orphan', kind: 'inlet', type: 'test.counting-inlet', position: at, config: {} },
        ],
        edges: [
          { id: 'e1', source: 'in1', target: 'a' },
          { id: 'e2', source: 'in1', target: 'b' },
          { id: 'e3', source: 'a', target: 'out1' },
          { id: 'e4', source: 'b', target: 'out1' },
          { id: 'e5', source: 'b', target: 'out2' },
        ],
      }),
      options(createTestRegistry(counters)),
    );

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { compiled } = result;
    expect(compiled.links.map((link) => link.id)).toEqual(['a', 'b']);
    expect(compiled.links[0].inlets[0]).toBe(compiled.links[1].inlets[0]);
    expect(compiled.links[0].outlets[0]).toBe(compiled.links[1].outlets[0]);
    expect(compiled.links[1].outlets).toHaveLength(2);
    expect(compiled.links[0].intervalMs).toBe(1_000);
    expect(compiled.links[1].intervalMs).toBe(120_000);
    expect(compiled.links[1].tags).toEqual(['beta', 'x']);
    expect(counters.creates.get('in1')).toBe(1);
    expect(counters.creates.get('out1')).toBe(1);
    expect(counters.creates.has('orphan')).toBe(false);
    expect(compiled.nodeIdOf(compiled.links[1].outlets[1])).toBe('out2');
    expect(compiled.members.get('b')).toEqual({ inlets: ['in1'], outlets: ['out1', 'out2'] });
  });

  it('plain objects become nodes named by node id', async () => {
    const result = await compileFlow(
      flow({
        nodes: [
          { id: 'numbers', kind: 'inlet', type: 'test.counting-inlet', position: at, config: { count: 2 } },
          { id: 'l1', kind: 'link', type: 'link', position: at, config: {} },
          { id: 'sink', kind: 'outlet', type: 'test.collecting-outlet', position: at, config: {} },
        ],
        edges: [
          { id: 'e1', source: 'numbers', target: 'l1' },
          { id: 'e2', source: 'l1', target: 'sink' },
        ],
      }),
      options(),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));

    const inlet = result.compiled.links[0].inlets[0];
    expect(inlet).toBeInstanceOf(Inlet);
    expect(inlet.name).toBe('numbers');
    expect(await inlet.pull(new Update([], 0))).toEqual([0, 1]);
    expect(result.compiled.links[0].outlets[0]).toBeInstanceOf(Outlet);
    expect(result.compiled.links[0].outlets[0].name).toBe('sink');
  });

  it('context resolves paths and aborts on shutdown', async () => {
    const seen: { resolved?: string; absolute?: string; signal?: AbortSignal; flowId?: string; linkId?: string } = {};
    const registry = createTestRegistry(createCounters());
    registry.register(
      {
        kind: 'inlet',
        type: 'test.context-inlet',
        label: 'Context inlet',
        category: 'Tests',
        description: 'Keeps what its context offered.',
        config: (await import('zod')).z.object({}),
        create: (_config, context) => {
          seen.resolved = context.resolvePath('data/in.csv');
          seen.absolute = context.resolvePath('/var/in.csv');
          seen.signal = context.signal;
          seen.flowId = context.flowId;
          seen.linkId = context.linkId;
          return { pull: () => [] };
        },
      },
      'studio-tests',
    );
    const result = await compileFlow(
      flow({
        nodes: [
          { id: 'in1', kind: 'inlet', type: 'test.context-inlet', position: at, config: {} },
          { id: 'l1', kind: 'link', type: 'link', position: at, config: {} },
          { id: 'out1', kind: 'outlet', type: 'null-outlet', position: at, config: {} },
        ],
        edges: [
          { id: 'e1', source: 'in1', target: 'l1' },
          { id: 'e2', source: 'l1', target: 'out1' },
        ],
      }),
      options(registry),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.problems));

    expect(seen.resolved).toBe(path.join('/tmp/databay-compile-files', 'data/in.csv'));
    expect(seen.absolute).toBe('/var/in.csv');
    expect(seen.flowId).toBe('flow-1');
    expect(seen.linkId).toBe('l1');
    const link = result.compiled.links[0];
    await link.start();
    expect(seen.signal?.aborted).toBe(false);
    await link.shutdown();
    expect(seen.signal?.aborted).toBe(true);
  });

  it('every create failure is a problem', async () => {
    const result = await compileFlow(
      flow({
        nodes: [
          { id: 'broken1', kind: 'inlet', type: 'test.broken-create-inlet', position: at, config: {} },
          { id: 'broken2', kind: 'inlet', type: 'test.broken-create-inlet', position: at, config: {} },
          { id: 'l1', kind: 'link', type: 'link', position: at, config: {} },
          { id: 'out1', kind: 'outlet', type: 'null-outlet', position: at, config: {} },
        ],
        edges: [
          { id: 'e1', source: 'broken1', target: 'l1' },
          { id: 'e2', source: 'broken2', target: 'l1' },
          { id: 'e3', source: 'l1', target: 'out1' },
        ],
      }),
      options(),
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.nodeId)).toEqual(['broken1', 'broken2']);
    expect(result.problems[0].message).toContain('"test.broken-create-inlet" (from studio-tests)');
  });

  it('shared node context has no linkId', async () => {
    const linkIds: (string | undefined)[] = [];
    const registry = createTestRegistry(createCounters());
    registry.register(
      {
        kind: 'inlet',
        type: 'test.link-id-inlet',
        label: 'Link id inlet',
        category: 'Tests',
        description: 'Keeps the link id of its context.',
        config: (await import('zod')).z.object({}),
        create: (_config, context) => {
          linkIds.push(context.linkId);
          return { pull: () => [] };
        },
      },
      'studio-tests',
    );

    const result = await compileFlow(
      flow({
        nodes: [
          { id: 'in1', kind: 'inlet', type: 'test.link-id-inlet', position: at, config: {} },
          { id: 'a', kind: 'link', type: 'link', position: at, config: {} },
          { id: 'b', kind: 'link', type: 'link', position: at, config: {} },
          { id: 'out1', kind: 'outlet', type: 'null-outlet', position: at, config: {} },
        ],
        edges: [
          { id: 'e1', source: 'in1', target: 'a' },
          { id: 'e2', source: 'in1', target: 'b' },
          { id: 'e3', source: 'a', target: 'out1' },
          { id: 'e4', source: 'b', target: 'out1' },
        ],
      }),
      options(registry),
    );

    expect(result.ok).toBe(true);
    expect(linkIds).toEqual([undefined]);
  });

  it('create without pull is a problem', async () => {
    const registry = createTestRegistry(createCounters());
    registry.register(
      {
        kind: 'inlet',
        type: 'test.shapeless-inlet',
        label: 'Shapeless inlet',
        category: 'Tests',
        description: 'Returns an object without pull.',
        config: (await import('zod')).z.object({}),
        create: () => ({ push: () => undefined }),
      },
      'studio-tests',
    );

    const result = await compileFlow(
      flow({
        nodes: [
          { id: 'in1', kind: 'inlet', type: 'test.shapeless-inlet', position: at, config: {} },
          { id: 'l1', kind: 'link', type: 'link', position: at, config: {} },
          { id: 'out1', kind: 'outlet', type: 'null-outlet', position: at, config: {} },
        ],
        edges: [
          { id: 'e1', source: 'in1', target: 'l1' },
          { id: 'e2', source: 'l1', target: 'out1' },
        ],
      }),
      options(registry),
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].nodeId).toBe('in1');
    expect(result.problems[0].message).toContain('"test.shapeless-inlet" (from studio-tests)');
    expect(result.problems[0].message).toContain('an Inlet or an object with pull(update)');
  });

  it('invalid config names node and field', async () => {
    const result = await compileFlow(
      flow({
        nodes: [
          { id: 'dice', kind: 'inlet', type: 'random-int-inlet', position: at, config: { min: 10, max: 1 } },
          { id: 'l1', kind: 'link', type: 'link', position: at, config: { interval: -5, inletConcurrency: 0 } },
          { id: 'out1', kind: 'outlet', type: 'null-outlet', position: at, config: {} },
        ],
        edges: [
          { id: 'e1', source: 'dice', target: 'l1' },
          { id: 'e2', source: 'l1', target: 'out1' },
        ],
      }),
      options(),
    );

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual(
      expect.arrayContaining([
        { nodeId: 'dice', field: 'max', message: 'max must be at least min.' },
        expect.objectContaining({ nodeId: 'l1', field: 'interval' }),
        expect.objectContaining({ nodeId: 'l1', field: 'inletConcurrency' }),
      ]),
    );
  });
});
