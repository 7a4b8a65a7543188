import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataRecord } from '../engine/record.js';
import { Update } from '../engine/update.js';
import type { NodeContext, NodeTypeDefinition } from '../registry/define.js';
import { describe as describeNodeType, NodeTypeRegistry } from '../registry/registry.js';
import { builtinNodeTypes } from './builtins.js';
import { CsvOutlet } from './csv-outlet.js';
import { FileInlet } from './file-inlet.js';
import { FileOutlet } from './file-outlet.js';
import { HttpInlet } from './http-inlet.js';
import { MongoOutlet } from './mongo-outlet.js';

let filesRoot: string;

beforeEach(async () => {
  filesRoot = await mkdtemp(join(tmpdir(), 'builtins-'));
});

afterEach(async () => {
  await rm(filesRoot, { recursive: true, force: true });
});

function nodeContext(nodeId: string): NodeContext {
  return {
    flowId: 'flow-1',
    nodeId,
    logger: pino({ level: 'silent' }),
    filesRoot,
    resolvePath: (path) => (isAbsolute(path) ? path : resolve(filesRoot, path)),
    signal: new AbortController().signal,
  };
}

function definition(type: string): NodeTypeDefinition {
  const found = builtinNodeTypes.find((candidate) => candidate.type === type);
  if (!found) throw new Error(`no built-in node type ${type}`);
  return found;
}

function issuesOf(type: string, config: unknown): { path: PropertyKey[]; message: string }[] {
  const result = definition(type).config.safeParse(config);
  return result.success ? [] : result.error.issues;
}

// Every outlet also gets `processors`, the registry's key for the outlet's own steps.
const expectedDefaults: Record<string, Record<string, unknown>> = {
  'http-inlet': { method: 'GET', headers: {}, query: {}, json: true, recordsPath: '', timeoutMs: 30_000, metadata: {} },
  'file-inlet': { format: 'text', encoding: 'utf8', follow: false, batchSize: 1_000, metadata: {} },
  'random-int-inlet': { min: 0, max: 100, count: 1, metadata: {} },
  'null-inlet': { metadata: {} },
  'file-outlet': { mode: 'append', format: 'text', encoding: 'utf8', processors: [] },
  'csv-outlet': { columns: [], processors: [] },
  'mongo-outlet': { uri: 'mongodb://127.0.0.1:27017', processors: [] },
  'console-outlet': { processors: [] },
  'null-outlet': { processors: [] },
};

describe('builtinNodeTypes', () => {
  it('registers every built-in type once', () => {
    const registry = new NodeTypeRegistry();
    for (const nodeType of builtinNodeTypes) registry.register(nodeType, 'builtin');

    expect(registry.problems).toEqual([]);
    expect(builtinNodeTypes.map((nodeType) => nodeType.type)).toEqual(Object.keys(expectedDefaults));
    expect(builtinNodeTypes.filter((nodeType) => nodeType.kind === 'inlet').map((nodeType) => nodeType.type)).toEqual([
      'http-inlet',
      'file-inlet',
      'random-int-inlet',
      'null-inlet',
    ]);
  });

  it.each(builtinNodeTypes.map((nodeType) => [nodeType.type, nodeType] as const))('%s describes itself', (type, nodeType) => {
    const descriptor = describeNodeType(nodeType, 'builtin');

    expect(descriptor.label.length).toBeGreaterThan(0);
    expect(descriptor.category).toMatch(/^(Web|Files|Databases|Debug|Demo)$/);
    expect(descriptor.description.length).toBeGreaterThan(20);
    expect([...(descriptor.icon ?? '')].length).toBeGreaterThan(0);
    expect(descriptor.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(descriptor.configSchema.type).toBe('object');
    expect(descriptor.defaults).toEqual(expectedDefaults[type]);

    const properties = (descriptor.configSchema.properties ?? {}) as Record<string, { description?: string }>;
    for (const [name, property] of Object.entries(properties)) {
      expect(property.description, `${type}.${name} has help text`).toMatch(/\w{3,}/);
    }
  });

  it('marks only the MongoDB uri as secret', () => {
    const secrets = builtinNodeTypes.flatMap((nodeType) => {
      const properties = (describeNodeType(nodeType, 'builtin').configSchema.properties ?? {}) as Record<string, { secret?: boolean }>;
      return Object.entries(properties)
        .filter(([, property]) => property.secret === true)
        .map(([name]) => `${nodeType.type}.${name}`);
    });

    expect(secrets).toEqual(['mongo-outlet.uri']);
  });

  it('requires the http-inlet url', () => {
    const schema = describeNodeType(definition('http-inlet'), 'builtin').configSchema;
    expect(schema.required).toEqual(['url']);

    const empty = issuesOf('http-inlet', { url: '' });
    expect(empty).toHaveLength(1);
    expect(empty[0].path).toEqual(['url']);
    expect(empty[0].message).toMatch(/Enter the URL/);

    expect(issuesOf('http-inlet', { url: 'not a url' })[0].path).toEqual(['url']);
    expect(issuesOf('http-inlet', { url: 'ftp://example.com/' })[0].path).toEqual(['url']);
    expect(issuesOf('http-inlet', { url: 'https://example.com/feed.json' })).toEqual([]);
  });

  it('validates fields across each other', () => {
    expect(issuesOf('random-int-inlet', { min: 10, max: 5 })[0].path).toEqual(['max']);
    expect(issuesOf('random-int-inlet', { count: 0 })[0].path).toEqual(['count']);
    expect(issuesOf('file-inlet', { path: 'a.json', format: 'json', follow: true })[0].path).toEqual(['follow']);
    expect(issuesOf('file-inlet', { path: '' })[0].path).toEqual(['path']);
    expect(issuesOf('mongo-outlet', { uri: 'postgres://x', database: 'd', collection: 'c' })[0].path).toEqual(['uri']);
    expect(issuesOf('mongo-outlet', { database: 'd' })[0].path).toEqual(['collection']);
    expect(issuesOf('csv-outlet', { path: 'out.csv', columns: [''] })[0].path).toEqual(['columns', 0]);
  });

  it('creates nodes named by node id', async () => {
    const http = definition('http-inlet');
    const config = http.config.parse({ url: 'http://127.0.0.1:9/feed', recordsPath: 'features', query: { limit: '5' } });

    const inlet = (await http.create(config, nodeContext('quakes-1'))) as HttpInlet;

    expect(inlet).toBeInstanceOf(HttpInlet);
    expect(inlet.name).toBe('quakes-1');
    expect(inlet.url.href).toBe('http://127.0.0.1:9/feed?limit=5');
    expect(inlet.recordsPath).toBe('features');

    const mongo = definition('mongo-outlet');
    const outlet = (await mongo.create(mongo.config.parse({ database: 'd', collection: 'c' }), nodeContext('mongo-1'))) as MongoOutlet;
    expect(outlet).toBeInstanceOf(MongoOutlet);
    expect(outlet.name).toBe('mongo-1');
  });

  it('resolves file paths against the files root', async () => {
    const fileInlet = definition('file-inlet');
    const inlet = (await fileInlet.create(fileInlet.config.parse({ path: 'in/data.jsonl', format: 'jsonl' }), nodeContext('in-1'))) as FileInlet;
    expect(inlet).toBeInstanceOf(FileInlet);
    expect(inlet.path).toBe(join(filesRoot, 'in', 'data.jsonl'));

    const fileOutlet = definition('file-outlet');
    const outlet = (await fileOutlet.create(fileOutlet.config.parse({ path: 'out/log.txt' }), nodeContext('out-1'))) as FileOutlet;
    expect(outlet.path).toBe(join(filesRoot, 'out', 'log.txt'));

    await outlet.push([new DataRecord('default'), new DataRecord('routed', { filePath: 'routed/other.txt' })], new Update([], 0));
    expect(await readFile(join(filesRoot, 'out', 'log.txt'), 'utf8')).toBe('default\n');
    expect(await readFile(join(filesRoot, 'routed', 'other.txt'), 'utf8')).toBe('routed\n');

    const csvOutlet = definition('csv-outlet');
    const csv = (await csvOutlet.create(csvOutlet.config.parse({ path: 'table.csv' }), nodeContext('csv-1'))) as CsvOutlet;
    expect(csv.path).toBe(join(filesRoot, 'table.csv'));
    expect(csv.columns).toBeUndefined();

    await csv.push([new DataRecord({ a: 1 }, { csvPath: 'by/route.csv' })], new Update([], 0));
    expect(await readFile(join(filesRoot, 'by', 'route.csv'), 'utf8')).toBe('a\n1\n');
  });
});
