import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../engine/test-support/nodes.js';
import { loadNodeTypes } from '../registry/create-registry.js';
import { createPluginFolder, inletPlugin, type PluginFolder } from '../registry/test-support/plugin-folder.js';
import { InvalidFlowError } from './invalid-flow-error.js';
import { linksFromFlow, type FlowLinks } from './links-from-flow.js';

const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));
const at = { x: 0, y: 0 };

async function readExampleFlow(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(join(examplesDir, 'flows', name), 'utf8')) as Record<string, unknown>;
}

async function readJsonLines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

/** Returns the error `build` rejects with, failing the test when it resolves. */
async function invalidFlowError(build: Promise<FlowLinks>): Promise<InvalidFlowError> {
  const error = await build.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(InvalidFlowError);
  return error as InvalidFlowError;
}

let filesRoot: string;
const built: FlowLinks[] = [];

beforeEach(async () => {
  filesRoot = await mkdtemp(join(tmpdir(), 'databay-flow-links-'));
});

afterEach(async () => {
  for (const flowLinks of built.splice(0)) {
    await Promise.all(flowLinks.links.map((link) => link.shutdown()));
    flowLinks.abort();
  }
  await rm(filesRoot, { recursive: true, force: true });
});

describe('linksFromFlow', () => {
  it('example flow transfers to JSONL', async () => {
    await copyFile(join(examplesDir, 'data', 'seattle-weather.csv'), join(filesRoot, 'seattle-weather.csv'));
    const document = await readExampleFlow('seattle-weather-jsonl.json');

    const flowLinks = await linksFromFlow(document, { filesRoot, logger: silentLogger });
    built.push(flowLinks);

    expect(flowLinks.flowId).toBe('seattle-weather-to-jsonl');
    expect(flowLinks.version).toBe(1);
    expect(flowLinks.links.map((link) => link.id)).toEqual(['every-10s']);
    const link = flowLinks.link('every-10s')!;
    expect(link.intervalMs).toBe(10_000);
    expect(link.tags).toEqual(['weather']);

    const result = await link.transfer();
    expect(result.status).toBe('ok');
    expect(String(result.update)).toBe('weather.0');

    // The file inlet reads CSV values as strings, so the expected rows are parsed without casting.
    const rows = parse(await readFile(join(filesRoot, 'seattle-weather.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1_461);
    expect(result.recordsInTotal).toBe(rows.length);
    expect(await readJsonLines(join(filesRoot, 'seattle-weather.jsonl'))).toEqual(rows);
  });

  it('saved flow keeps id and version', async () => {
    const document = { ...(await readExampleFlow('seattle-weather-jsonl.json')), id: 'f-42', version: 7 };

    const flowLinks = await linksFromFlow(document, { filesRoot, logger: silentLogger });
    built.push(flowLinks);

    expect(flowLinks.flowId).toBe('f-42');
    expect(flowLinks.version).toBe(7);
  });

  it('invalid nodes each become a problem', async () => {
    const document = {
      id: 'broken',
      name: 'Broken flow',
      nodes: [
        { id: 'feed', kind: 'inlet', type: 'no-such-inlet', position: at, config: {} },
        { id: 'lines', kind: 'inlet', type: 'file-inlet', position: at, config: { format: 'jsonl' } },
        { id: 'hourly', kind: 'link', type: 'link', position: at, config: { interval: { seconds: 10 }, overlap: 'sometimes' } },
        { id: 'lonely', kind: 'link', type: 'link', position: at, config: { interval: 1_000 } },
        { id: 'out', kind: 'outlet', type: 'null-outlet', position: at, config: {} },
      ],
      edges: [
        { id: 'e1', source: 'feed', target: 'hourly' },
        { id: 'e2', source: 'lines', target: 'hourly' },
        { id: 'e3', source: 'hourly', target: 'out' },
        { id: 'e4', source: 'lines', target: 'lonely' },
      ],
    };

    const error = await invalidFlowError(linksFromFlow(document, { filesRoot, logger: silentLogger }));

    expect(error.flowId).toBe('broken');
    expect(error.problems).toContainEqual({
      nodeId: 'feed',
      field: 'type',
      message: 'Unknown node type "no-such-inlet": install or load the plugin that provides it, or replace the node.',
    });
    expect(error.problems).toContainEqual({
      nodeId: 'lines',
      field: 'path',
      message: 'Missing required option "path": set it in the inspector.',
    });
    expect(error.problems).toContainEqual(expect.objectContaining({ nodeId: 'hourly', field: 'overlap' }));
    expect(error.problems).toContainEqual({ nodeId: 'lonely', message: 'This link has no outlet: connect it to at least one outlet.' });
    expect(error.problems).toHaveLength(4);

    expect(error.message).toContain('Flow "broken" is invalid (4 problems).');
    expect(error.message).toContain('- node "feed", field "type": Unknown node type "no-such-inlet"');
    expect(error.message).toContain('- node "lines", field "path": Missing required option "path"');
    expect(error.message).toContain('- node "hourly", field "overlap": ');
    expect(error.message).toContain('- node "lonely": This link has no outlet');
  });

  it('invalid document keys become problems', async () => {
    const document = {
      nodes: [
        { id: 'feed', kind: 'inlet', type: 'random-int-inlet', config: {} },
        { kind: 'link', type: 'link', position: at },
      ],
      edges: [],
    };

    const error = await invalidFlowError(linksFromFlow(document, { filesRoot, logger: silentLogger }));

    expect(error.flowId).toBeUndefined();
    expect(error.problems).toEqual([
      { field: 'name', message: 'Missing required key "name": add it to the flow JSON.' },
      { nodeId: 'feed', field: 'position', message: 'Missing required key "position": add it to the flow JSON.' },
      { field: 'nodes.1.id', message: 'Missing required key "nodes.1.id": add it to the flow JSON.' },
    ]);
    expect(error.message).toContain('Flow document is invalid (3 problems).');
    expect(error.message).toContain('- flow field "name": Missing required key "name"');
    expect(error.message).toContain('- node "feed", field "position": Missing required key "position"');
  });

  it('non-object document is rejected', async () => {
    const error = await invalidFlowError(linksFromFlow('flow.json', { filesRoot, logger: silentLogger }));

    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].nodeId).toBeUndefined();
    expect(error.message).toMatch(/^Flow document is invalid \(1 problem\)\./);
  });

  describe('with plugins', () => {
    let plugins: PluginFolder;

    beforeEach(async () => {
      plugins = await createPluginFolder();
    });

    afterEach(async () => {
      await plugins.remove();
    });

    const pluginFlow = {
      id: 'counted',
      name: 'Counted',
      version: 3,
      nodes: [
        { id: 'numbers', kind: 'inlet', type: 'test-numbers', position: at, config: { factor: 10 } },
        { id: 'each-minute', kind: 'link', type: 'link', position: at, config: { interval: { minutes: 1 }, tags: 'numbers' } },
        { id: 'file', kind: 'outlet', type: 'file-outlet', position: at, config: { path: 'out/numbers.jsonl', format: 'jsonl' } },
      ],
      edges: [
        { id: 'e1', source: 'numbers', target: 'each-minute' },
        { id: 'e2', source: 'each-minute', target: 'file' },
      ],
    };

    it('plugin node type transfers', async () => {
      await plugins.write('numbers.mjs', inletPlugin('test-numbers', [1, 2, 3]));
      const registry = await loadNodeTypes({ pluginsDir: plugins.pluginsDir, nodeModulesDirs: [], logger: silentLogger });
      expect(registry.problems).toEqual([]);

      const flowLinks = await linksFromFlow(pluginFlow, { registry, filesRoot, logger: silentLogger });
      built.push(flowLinks);
      const result = await flowLinks.link('each-minute')!.transfer();

      expect(result.status).toBe('ok');
      expect(await readJsonLines(join(filesRoot, 'out', 'numbers.jsonl'))).toEqual([10, 20, 30]);
    });

    it('built-in registry lacks plugin types', async () => {
      const error = await invalidFlowError(linksFromFlow(pluginFlow, { filesRoot, logger: silentLogger }));

      expect(error.problems).toEqual([
        {
          nodeId: 'numbers',
          field: 'type',
          message: 'Unknown node type "test-numbers": install or load the plugin that provides it, or replace the node.',
        },
      ]);
    });

    it('unknown type lists failed plugins', async () => {
      await plugins.write('numbers.mjs', 'export default function plugin() { throw new Error("numbers plugin is broken"); }\n');
      const registry = await loadNodeTypes({ pluginsDir: plugins.pluginsDir, nodeModulesDirs: [], logger: silentLogger });

      const error = await invalidFlowError(linksFromFlow(pluginFlow, { registry, filesRoot, logger: silentLogger }));

      expect(error.pluginProblems).toHaveLength(1);
      expect(error.message).toContain('Plugins that failed to load into the registry:');
      expect(error.message).toContain('numbers plugin is broken');
    });

    it('failed create hides secret values', async () => {
      await plugins.write(
        'token-inlet.mjs',
        `export default function plugin({ defineInlet, z }) {
  return defineInlet({
    type: 'test-numbers',
    label: 'Token inlet',
    category: 'Test',
    description: 'Fails to create, quoting its token.',
    config: z.object({ token: z.string().meta({ secret: true }) }),
    create: (config) => { throw new Error('login failed for token ' + config.token); },
  });
}
`,
      );
      const registry = await loadNodeTypes({ pluginsDir: plugins.pluginsDir, nodeModulesDirs: [], logger: silentLogger });
      const secretFlow = {
        ...pluginFlow,
        nodes: pluginFlow.nodes.map((node) => (node.id === 'numbers' ? { ...node, config: { token: 'tok-8c1f9e' } } : node)),
      };

      const error = await invalidFlowError(linksFromFlow(secretFlow, { registry, filesRoot, logger: silentLogger }));

      expect(error.problems).toHaveLength(1);
      expect(error.problems[0].nodeId).toBe('numbers');
      expect(error.message).toContain('login failed for token [redacted]');
      expect(error.message).not.toContain('tok-8c1f9e');
    });
  });
});
