import { rm, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPlugins, type LoadPluginsOptions } from './load-plugins.js';
import { createPluginFolder, inletPlugin, type PluginFolder } from './test-support/plugin-folder.js';

const silent = pino({ level: 'silent' });

let folder: PluginFolder;

beforeEach(async () => {
  folder = await createPluginFolder();
});

afterEach(async () => {
  await folder.remove();
});

function load(options: Partial<LoadPluginsOptions> = {}) {
  return loadPlugins({ pluginsDir: folder.pluginsDir, nodeModulesDirs: [], logger: silent, ...options });
}

function typesOf(result: Awaited<ReturnType<typeof load>>): string[] {
  return result.definitions.map((entry) => entry.definition.type);
}

describe('loadPlugins sources', () => {
  it('loads a JavaScript plugin in the function form', async () => {
    const file = await folder.write('random.mjs', inletPlugin('acme.random-inlet'));

    const result = await load();

    expect(result.problems).toEqual([]);
    expect(typesOf(result)).toEqual(['acme.random-inlet']);
    expect(result.definitions[0].source).toBe(file);
    expect(result.definitions[0].definition.kind).toBe('inlet');
  });

  it('loads a TypeScript plugin with types and a relative import', async () => {
    // Helpers go in a folder without package.json, which the loader does not treat as a plugin.
    await folder.write('lib/helpers.ts', `export const double = (value: number): number => value * 2;\n`);
    const file = await folder.write(
      'weather.ts',
      `import { double } from './lib/helpers.ts';
interface Sdk { defineOutlet: (definition: unknown) => unknown; z: { object(shape: object): unknown; string(): { default(value: string): unknown } } }
export default ({ defineOutlet, z }: Sdk) =>
  defineOutlet({
    type: 'acme.weather-outlet',
    label: 'Weather x' + double(2),
    category: 'Test',
    description: 'Pushes nowhere.',
    config: z.object({ city: z.string().default('Oslo') }),
    create: () => ({ push: async (): Promise<void> => undefined }),
  });
`,
    );

    const result = await load();

    expect(result.problems).toEqual([]);
    expect(typesOf(result)).toEqual(['acme.weather-outlet']);
    expect(result.definitions[0].source).toBe(file);
    expect(result.definitions[0].definition.label).toBe('Weather x4');
  });

  it('loads an async function export', async () => {
    await folder.write(
      'async.js',
      `export default async ({ defineInlet, z }) => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return defineInlet({ type: 'acme.async-inlet', label: 'Async', category: 'Test', description: '', config: z.object({}), create: () => ({ pull: () => 1 }) });
};
`,
    );

    const result = await load();

    expect(result.problems).toEqual([]);
    expect(typesOf(result)).toEqual(['acme.async-inlet']);
  });

  it('loads processor and grouper types a plugin declares through the SDK', async () => {
    await folder.write(
      'steps.mjs',
      `export default ({ defineProcessor, defineGrouper, z }) => [
  defineProcessor({
    type: 'acme.upper', label: 'Upper', category: 'Processors', description: 'Upper-cases the text payload',
    config: z.object({}),
    create: () => ({ process: (records) => records.map((record) => { record.payload = String(record.payload).toUpperCase(); return record; }) }),
  }),
  defineGrouper({
    type: 'acme.pairs', label: 'Pairs', category: 'Groupers', description: 'Batches of two',
    config: z.object({}),
    create: () => ({ group: (batches) => batches.flat().reduce((pairs, record, index) => { if (index % 2 === 0) pairs.push([]); pairs.at(-1).push(record); return pairs; }, []) }),
  }),
];
`,
    );

    const result = await load();

    expect(result.problems).toEqual([]);
    expect(result.definitions.map((entry) => [entry.definition.type, entry.definition.kind])).toEqual([
      ['acme.upper', 'processor'],
      ['acme.pairs', 'grouper'],
    ]);
  });

  it('loads CommonJS plugins', async () => {
    await folder.write('legacy.cjs', inletPlugin('acme.legacy-inlet').replace('export default function plugin', 'module.exports = function plugin'));
    await folder.write('typed.cts', `export = (sdk: { defineInlet(definition: object): unknown; z: any }) =>
  sdk.defineInlet({ type: 'acme.typed-inlet', label: 'Typed', category: 'Test', description: '', config: sdk.z.object({}), create: () => ({ pull: () => 1 }) });
`);

    const result = await load();

    expect(result.problems).toEqual([]);
    expect(typesOf(result)).toEqual(['acme.legacy-inlet', 'acme.typed-inlet']);
  });

  it('loads a plain definition and an array export with their own zod', async () => {
    await folder.linkZod();
    // The plugins folder sits inside the temp root, so node_modules/zod next to it resolves.
    await folder.write(
      'single.mjs',
      `import { z } from 'zod';
export default { kind: 'inlet', type: 'acme.single-inlet', label: 'Single', category: 'Test', description: 'One', config: z.object({}), create: () => ({ pull: () => [] }) };
`,
    );
    await folder.write(
      'pair.mjs',
      `import { z } from 'zod';
const base = { category: 'Test', description: 'Pair', config: z.object({}) };
export default [
  { ...base, kind: 'inlet', type: 'acme.pair-inlet', label: 'Pair in', create: () => ({ pull: () => [] }) },
  { ...base, kind: 'outlet', type: 'acme.pair-outlet', label: 'Pair out', create: () => ({ push: () => {} }) },
];
`,
    );

    const result = await load();

    expect(result.problems).toEqual([]);
    expect(typesOf(result)).toEqual(['acme.pair-inlet', 'acme.pair-outlet', 'acme.single-inlet']);
  });

  it('loads a folder with a package.json main', async () => {
    await folder.write('feeds/package.json', JSON.stringify({ name: 'feeds', type: 'module', main: './lib/main.js' }));
    await folder.write('feeds/lib/main.js', inletPlugin('acme.feed-inlet'));

    const result = await load();

    expect(result.problems).toEqual([]);
    expect(typesOf(result)).toEqual(['acme.feed-inlet']);
    expect(result.definitions[0].source).toBe(path.join(folder.pluginsDir, 'feeds'));
  });

  it('loads a folder with package.json exports', async () => {
    await folder.write(
      'exported/package.json',
      JSON.stringify({ name: 'exported', type: 'module', exports: { '.': { import: './src/entry.mjs' } } }),
    );
    await folder.write('exported/src/entry.mjs', inletPlugin('acme.exported-inlet'));

    const result = await load();

    expect(result.problems).toEqual([]);
    expect(typesOf(result)).toEqual(['acme.exported-inlet']);
  });

  it('loads npm packages with the databay-studio field', async () => {
    await folder.writePackage(
      'databay-weather',
      { type: 'module', 'databay-studio': { nodes: ['./dist/inlet.js', './dist/outlet.js'] } },
      {
        'dist/inlet.js': inletPlugin('weather.inlet'),
        'dist/outlet.js': `export default ({ defineOutlet, z }) => defineOutlet({ type: 'weather.outlet', label: 'Out', category: 'Test', description: '', config: z.object({}), create: () => ({ push() {} }) });\n`,
      },
    );
    await folder.writePackage('@acme/databay-nodes', { type: 'module', 'databay-studio': { nodes: ['./index.js'] } }, {
      'index.js': inletPlugin('acme.scoped-inlet'),
    });
    await folder.writePackage('unrelated', { type: 'module', main: 'index.js' }, { 'index.js': 'throw new Error("must not be imported");\n' });

    const result = await load({ pluginsDir: undefined, nodeModulesDirs: [folder.nodeModulesDir] });

    expect(result.problems).toEqual([]);
    expect(typesOf(result)).toEqual(['acme.scoped-inlet', 'weather.inlet', 'weather.outlet']);
    expect(result.definitions.map((entry) => entry.source)).toEqual([
      'npm:@acme/databay-nodes/index.js',
      'npm:databay-weather/dist/inlet.js',
      'npm:databay-weather/dist/outlet.js',
    ]);
  });

  it('skips tests, declarations and plain folders', async () => {
    await folder.write('good.mjs', inletPlugin('acme.good-inlet'));
    await folder.write('good.test.ts', 'throw new Error("a test file must not be loaded");\n');
    await folder.write('good.d.ts', 'export {};\n');
    await folder.write('fixtures/feed.js', 'throw new Error("a folder without package.json must not be loaded");\n');
    await folder.write('notes.md', '# not a plugin\n');

    const result = await load();

    expect(result.problems).toEqual([]);
    expect(typesOf(result)).toEqual(['acme.good-inlet']);
  });

  it('treats a missing plugins folder as empty', async () => {
    const result = await load({ pluginsDir: path.join(folder.root, 'absent') });

    expect(result).toEqual({ definitions: [], problems: [] });
  });
});

describe('loadPlugins problems', () => {
  it('reports a plugin that throws on load', async () => {
    const file = await folder.write('broken.mjs', '\nthrow new Error("no API key configured");\n');
    await folder.write('good.mjs', inletPlugin('acme.good-inlet'));

    const result = await load();

    expect(typesOf(result)).toEqual(['acme.good-inlet']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].source).toBe(file);
    expect(result.problems[0].message).toContain('no API key configured');
    expect(result.problems[0].message).toContain(`(at ${file}:2:7)`);
  });

  it('reports a plugin function that throws', async () => {
    const file = await folder.write('throws.js', 'export default () => { throw new Error("setup failed"); };\n');

    const result = await load();

    expect(result.definitions).toEqual([]);
    expect(result.problems).toEqual([{ source: file, message: expect.stringContaining('setup failed') }]);
  });

  it('reports a JavaScript syntax error', async () => {
    const file = await folder.write('syntax.mjs', 'export default ({ defineInlet }) => defineInlet({ type: \n');
    await folder.write('good.mjs', inletPlugin('acme.good-inlet'));

    const result = await load();

    expect(typesOf(result)).toEqual(['acme.good-inlet']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].source).toBe(file);
    expect(result.problems[0].message).toContain('SyntaxError: Unexpected end of input');
    expect(result.problems[0].message).toContain(`(at ${file}:2)`);
  });

  it('reports a TypeScript syntax error', async () => {
    const file = await folder.write('syntax.ts', 'export default (sdk: any) => { const x: number = ; return sdk; };\n');

    const result = await load();

    expect(result.definitions).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].source).toBe(file);
    expect(result.problems[0].message).toContain('syntax.ts');
  });

  it('reports a plugin that never finishes loading', async () => {
    const file = await folder.write('hangs.mjs', 'export default () => new Promise(() => {});\n');
    await folder.write('good.mjs', inletPlugin('acme.good-inlet'));

    const result = await load({ loadTimeoutMs: 300 });

    expect(typesOf(result)).toEqual(['acme.good-inlet']);
    expect(result.problems).toEqual([{ source: file, message: expect.stringContaining('did not finish within 300 ms') }]);
  });

  it('reports a module without a default export', async () => {
    const javascript = await folder.write('named.mjs', 'export const plugin = 1;\n');
    const typescript = await folder.write('named.ts', 'export const plugin: number = 1;\n');

    const result = await load();

    expect(result.problems).toEqual([
      { source: javascript, message: expect.stringContaining('no default export') },
      { source: typescript, message: expect.stringContaining('no default export') },
    ]);
  });

  const definitionFields = `type: 'acme.bad-inlet', label: 'Bad', category: 'Test', description: 'Bad', config: z.object({}), create: () => ({ pull: () => 1 })`;
  const invalidCases: { name: string; definition: string; expected: string }[] = [
    { name: 'a missing kind', definition: `({ ${definitionFields} })`, expected: 'kind is missing' },
    { name: 'an unknown kind', definition: `({ kind: 'transformer', ${definitionFields} })`, expected: 'kind is "transformer"' },
    { name: 'a missing type', definition: `defineInlet({ ${definitionFields.replace("type: 'acme.bad-inlet', ", '')} })`, expected: 'type is missing' },
    { name: 'a type with spaces', definition: `defineInlet({ ${definitionFields.replace("'acme.bad-inlet'", "'Acme Bad'")} })`, expected: 'type "Acme Bad" is not a valid id' },
    { name: 'a missing label', definition: `defineInlet({ ${definitionFields.replace("label: 'Bad', ", '')} })`, expected: 'label is missing' },
    { name: 'an empty category', definition: `defineInlet({ ${definitionFields.replace("category: 'Test'", "category: ''")} })`, expected: 'category is ""' },
    { name: 'a numeric description', definition: `defineInlet({ ${definitionFields.replace("description: 'Bad'", 'description: 5')} })`, expected: 'description is number 5' },
    { name: 'a numeric icon', definition: `defineInlet({ ${definitionFields}, icon: 3 })`, expected: 'icon is number 3' },
    { name: 'a plain object config', definition: `defineInlet({ ${definitionFields.replace('config: z.object({})', 'config: { url: "string" }')} })`, expected: 'config is an object but must be a zod schema' },
    { name: 'a non-object config schema', definition: `defineInlet({ ${definitionFields.replace('config: z.object({})', 'config: z.string()')} })`, expected: 'must be a z.object' },
    { name: 'a missing create', definition: `defineInlet({ ${definitionFields.replace(", create: () => ({ pull: () => 1 })", '')} })`, expected: 'create is missing' },
    { name: 'a string instead of a definition', definition: `'acme.bad-inlet'`, expected: 'expected a node type definition object' },
  ];

  for (const { name, definition, expected } of invalidCases) {
    it(`reports a definition with ${name}`, async () => {
      const file = await folder.write('bad.mjs', `export default ({ defineInlet, z }) => ${definition};\n`);

      const result = await load();

      expect(result.definitions).toEqual([]);
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0].source).toBe(file);
      expect(result.problems[0].message).toContain(expected);
    });
  }

  it('reports a type repeated by a second plugin, naming both', async () => {
    const first = await folder.write('a-first.mjs', inletPlugin('acme.same-inlet', [1]));
    const second = await folder.write('b-second.mjs', inletPlugin('acme.same-inlet', [2]));

    const result = await load();

    expect(result.definitions.map((entry) => entry.source)).toEqual([first]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].source).toBe(second);
    expect(result.problems[0].message).toContain(first);
    expect(result.problems[0].message).toContain(second);
  });

  it('reports a package whose databay-studio field is malformed', async () => {
    await folder.writePackage('bad-field', { 'databay-studio': { nodes: './index.js' } }, { 'index.js': '' });
    await folder.writePackage('missing-entry', { 'databay-studio': { nodes: ['./dist/none.js'] } }, {});

    const result = await load({ pluginsDir: undefined, nodeModulesDirs: [folder.nodeModulesDir] });

    expect(result.definitions).toEqual([]);
    expect(result.problems.map((problem) => problem.source)).toEqual(['npm:bad-field', 'npm:missing-entry/dist/none.js']);
    expect(result.problems[0].message).toContain('"nodes"');
    expect(result.problems[1].message).toContain('does not exist');
  });

  it('logs each problem at warn with its source', async () => {
    const file = await folder.write('broken.mjs', 'throw new Error("boom");\n');
    const lines: Record<string, unknown>[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });

    await load({ logger });

    const warning = lines.find((line) => line.level === 40);
    expect(warning?.source).toBe(file);
    expect(String(warning?.problem)).toContain('boom');
  });
});

describe('loadPlugins reload', () => {
  it('picks up an edited, a new and a removed file', async () => {
    const edited = await folder.write('edited.ts', inletPlugin('acme.edited-inlet').replace("'Test inlet'", "'Before'"));
    const removed = await folder.write('removed.mjs', inletPlugin('acme.removed-inlet'));
    const jsEdited = await folder.write('js-edited.mjs', inletPlugin('acme.js-inlet').replace("'Test inlet'", "'JS before'"));

    const first = await load();
    expect(typesOf(first)).toEqual(['acme.edited-inlet', 'acme.js-inlet', 'acme.removed-inlet']);

    await writeFile(edited, inletPlugin('acme.edited-inlet').replace("'Test inlet'", "'After'"));
    await writeFile(jsEdited, inletPlugin('acme.js-inlet').replace("'Test inlet'", "'JS after'"));
    await unlink(removed);
    await folder.write('added.js', inletPlugin('acme.added-inlet'));

    const second = await load();

    expect(second.problems).toEqual([]);
    expect(typesOf(second)).toEqual(['acme.added-inlet', 'acme.edited-inlet', 'acme.js-inlet']);
    expect(second.definitions.find((entry) => entry.definition.type === 'acme.edited-inlet')?.definition.label).toBe('After');
    expect(second.definitions.find((entry) => entry.definition.type === 'acme.js-inlet')?.definition.label).toBe('JS after');
  });

  it('reloads edited helpers of ES module plugins', async () => {
    await folder.write('package.json', JSON.stringify({ type: 'module' }));
    const helper = await folder.write('lib/label.ts', `export const label: string = 'First';\n`);
    await folder.write(
      'labelled.ts',
      `import { label } from './lib/label.ts';
export default ({ defineInlet, z }: any) =>
  defineInlet({ type: 'acme.labelled-inlet', label, category: 'Test', description: '', config: z.object({}), create: () => ({ pull: () => 1 }) });
`,
    );
    expect((await load()).definitions[0].definition.label).toBe('First');

    await writeFile(helper, `export const label: string = 'Second';\n`);
    const reloaded = await load();

    expect(reloaded.problems).toEqual([]);
    expect(reloaded.definitions[0].definition.label).toBe('Second');
  });

  it('recovers once a broken file is fixed', async () => {
    const file = await folder.write('flaky.mjs', 'export default ({ defineInlet }) => defineInlet({\n');
    const broken = await load();
    expect(broken.problems).toHaveLength(1);

    await writeFile(file, inletPlugin('acme.flaky-inlet'));
    const fixed = await load();

    expect(fixed.problems).toEqual([]);
    expect(typesOf(fixed)).toEqual(['acme.flaky-inlet']);
  });

  it('drops the plugins of a removed folder', async () => {
    await folder.write('pack/package.json', JSON.stringify({ type: 'module', main: 'index.js' }));
    await folder.write('pack/index.js', inletPlugin('acme.pack-inlet'));
    expect(typesOf(await load())).toEqual(['acme.pack-inlet']);

    await rm(path.join(folder.pluginsDir, 'pack'), { recursive: true });

    expect(typesOf(await load())).toEqual([]);
  });
});
