import { unlink, writeFile } from 'node:fs/promises';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinDefinitions, createRegistry, loadNodeTypes, reloadNodeTypes } from './create-registry.js';
import { defineInlet, defineOutlet } from './define.js';
import { BUILTIN_SOURCE, NodeTypeRegistry } from './registry.js';
import { captureRevisions, findStaleTypes } from './stale-types.js';
import { createPluginFolder, inletPlugin, type PluginFolder } from './test-support/plugin-folder.js';

const silent = pino({ level: 'silent' });

const fakeBuiltinInlet = defineInlet({
  type: 'test-inlet',
  label: 'Test inlet',
  category: 'Test',
  description: 'A built-in stand-in.',
  config: z.object({ count: z.number().int().default(3), label: z.string().optional() }),
  create: () => ({ pull: () => [1] }),
});

const fakeBuiltinOutlet = defineOutlet({
  type: 'test-outlet',
  label: 'Test outlet',
  category: 'Test',
  description: 'A built-in stand-in.',
  config: z.object({}),
  create: () => ({ push: () => undefined }),
});

const builtins = [fakeBuiltinInlet, fakeBuiltinOutlet];

let folder: PluginFolder;

beforeEach(async () => {
  folder = await createPluginFolder();
});

afterEach(async () => {
  await folder.remove();
});

function loadOptions() {
  return { pluginsDir: folder.pluginsDir, nodeModulesDirs: [], logger: silent, builtins };
}

describe('NodeTypeRegistry.register', () => {
  it('describes a valid definition', () => {
    const registry = new NodeTypeRegistry();

    expect(registry.register(fakeBuiltinInlet, BUILTIN_SOURCE)).toBe(true);

    const [descriptor] = registry.descriptors();
    expect(descriptor.id).toBe('test-inlet');
    expect(descriptor.kind).toBe('inlet');
    expect(descriptor.source).toBe(BUILTIN_SOURCE);
    expect(descriptor.defaults).toEqual({ count: 3 });
    expect(descriptor.configSchema.type).toBe('object');
    expect(registry.problems).toEqual([]);
  });

  it('rejects an invalid definition with a problem naming the field', () => {
    const registry = new NodeTypeRegistry();
    const broken = { ...fakeBuiltinInlet, label: '', create: 'not a function' } as unknown as typeof fakeBuiltinInlet;

    expect(registry.register(broken, '/plugins/broken.js')).toBe(false);

    expect(registry.get('test-inlet')).toBeUndefined();
    expect(registry.problems).toHaveLength(1);
    expect(registry.problems[0].source).toBe('/plugins/broken.js');
    expect(registry.problems[0].message).toContain('label is ""');
    expect(registry.problems[0].message).toContain('create is "not a function"');
  });

  it('stores plugin definitions whose nodes name the plugin', async () => {
    const registry = new NodeTypeRegistry();
    const failing = defineInlet({
      ...fakeBuiltinInlet,
      type: 'acme.failing-inlet',
      create: () => ({
        pull() {
          throw new Error('quota exceeded');
        },
      }),
    });
    registry.register(failing, '/plugins/failing.js');
    registry.register({ ...failing, type: 'failing-builtin' }, BUILTIN_SOURCE);

    const pluginNode = (await registry.get('acme.failing-inlet')!.create({}, {} as never)) as { pull(): unknown };
    const builtinNode = (await registry.get('failing-builtin')!.create({}, {} as never)) as { pull(): unknown };

    await expect(Promise.resolve().then(() => pluginNode.pull())).rejects.toThrow(
      'Node type "acme.failing-inlet" from /plugins/failing.js failed in pull: quota exceeded',
    );
    await expect(Promise.resolve().then(() => builtinNode.pull())).rejects.toThrow(/^quota exceeded$/);
  });

  it('rejects the reserved link type', () => {
    const registry = new NodeTypeRegistry();

    expect(registry.register({ ...fakeBuiltinInlet, type: 'link' }, '/plugins/link.js')).toBe(false);

    expect(registry.problems[0].message).toContain('type "link" is reserved');
  });
});

describe('createRegistry', () => {
  it('registers the built-in node types first, under builtin', () => {
    const registry = createRegistry();

    expect(registry.problems).toEqual([]);
    for (const definition of builtinDefinitions()) {
      expect(registry.sourceOf(definition.type)).toBe(BUILTIN_SOURCE);
    }
  });

  it('reports a plugin repeating a built-in type, naming both sources', () => {
    const plugin = { ...fakeBuiltinInlet, label: 'Impostor' };

    const registry = createRegistry({ builtins, plugins: [{ definition: plugin, source: '/plugins/impostor.js' }] });

    expect(registry.get('test-inlet')?.label).toBe('Test inlet');
    expect(registry.problems).toHaveLength(1);
    expect(registry.problems[0].source).toBe('/plugins/impostor.js');
    expect(registry.problems[0].message).toContain('/plugins/impostor.js');
    expect(registry.problems[0].message).toContain('already registered by builtin');
  });
});

describe('loadNodeTypes and reloadNodeTypes', () => {
  it('loads plugin files next to the built-in types', async () => {
    const file = await folder.write('random.mjs', inletPlugin('acme.random-inlet'));

    const registry = await loadNodeTypes(loadOptions());

    expect(registry.descriptors().map((descriptor) => descriptor.id)).toEqual(['test-inlet', 'test-outlet', 'acme.random-inlet']);
    expect(registry.sourceOf('acme.random-inlet')).toBe(file);
    expect(registry.problems).toEqual([]);
  });

  it('reports a plugin file repeating a built-in type', async () => {
    const file = await folder.write('clash.mjs', inletPlugin('test-inlet'));

    const registry = await loadNodeTypes(loadOptions());

    expect(registry.sourceOf('test-inlet')).toBe(BUILTIN_SOURCE);
    expect(registry.problems).toEqual([
      { source: file, message: `Node type "test-inlet" from ${file} is already registered by builtin: give it another type id.` },
    ]);
  });

  it('swaps plugins in place and keeps built-in types and descriptors', async () => {
    const edited = await folder.write('edited.mjs', inletPlugin('acme.edited-inlet'));
    const removed = await folder.write('removed.mjs', inletPlugin('acme.removed-inlet'));
    const broken = await folder.write('broken.mjs', 'throw new Error("first load fails");\n');
    const registry = await loadNodeTypes(loadOptions());
    registry.registerDescriptor({ ...registry.descriptors()[0], id: 'link', kind: 'link', label: 'Link' });
    expect(registry.problems).toHaveLength(1);

    await writeFile(edited, inletPlugin('acme.edited-inlet').replace("'Test inlet'", "'Edited'"));
    await unlink(removed);
    await writeFile(broken, inletPlugin('acme.fixed-inlet'));
    await folder.write('added.ts', inletPlugin('acme.added-inlet'));
    const response = await reloadNodeTypes(registry, loadOptions());

    expect(response.problems).toEqual([]);
    expect(registry.problems).toEqual([]);
    expect(response.nodeTypes.map((descriptor) => descriptor.id)).toEqual([
      'link',
      'test-inlet',
      'test-outlet',
      'acme.added-inlet',
      'acme.fixed-inlet',
      'acme.edited-inlet',
    ]);
    expect(registry.get('acme.edited-inlet')?.label).toBe('Edited');
    expect(registry.get('acme.removed-inlet')).toBeUndefined();
  });

  it('runs overlapping reloads one after another', async () => {
    await folder.write('one.mjs', inletPlugin('acme.one-inlet'));
    const registry = await loadNodeTypes(loadOptions());

    const [first, second] = await Promise.all([reloadNodeTypes(registry, loadOptions()), reloadNodeTypes(registry, loadOptions())]);

    expect(first.nodeTypes.map((descriptor) => descriptor.id)).toEqual(['test-inlet', 'test-outlet', 'acme.one-inlet']);
    expect(second.nodeTypes).toEqual(first.nodeTypes);
    expect(second.problems).toEqual([]);
  });
});

describe('stale types', () => {
  it('marks edited and removed plugin types, not unchanged ones', async () => {
    const edited = await folder.write('edited.mjs', inletPlugin('acme.edited-inlet', [1]));
    await folder.write('same.mjs', inletPlugin('acme.same-inlet'));
    const removed = await folder.write('removed.mjs', inletPlugin('acme.removed-inlet'));
    const registry = await loadNodeTypes(loadOptions());
    const captured = captureRevisions(registry, ['test-inlet', 'acme.edited-inlet', 'acme.same-inlet', 'acme.removed-inlet']);

    await reloadNodeTypes(registry, loadOptions());
    expect(findStaleTypes(captured, registry)).toEqual([]);

    // Only a constant outside the definition changes, so the descriptor stays equal.
    await writeFile(edited, inletPlugin('acme.edited-inlet', [1], 'const version = 2;'));
    await unlink(removed);
    await reloadNodeTypes(registry, loadOptions());

    expect(findStaleTypes(captured, registry)).toEqual(['acme.edited-inlet', 'acme.removed-inlet']);
  });

  it('ignores types that were never registered', () => {
    const registry = createRegistry({ builtins });

    const captured = captureRevisions(registry, ['test-inlet', 'acme.unknown-inlet']);

    expect(Object.keys(captured)).toEqual(['test-inlet']);
    expect(findStaleTypes(captured, registry)).toEqual([]);
  });
});
