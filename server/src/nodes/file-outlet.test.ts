import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataRecord } from '../engine/record.js';
import { Update } from '../engine/update.js';
import { FileOutlet } from './file-outlet.js';

const update = new Update([], 0);
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-outlet-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function records(...payloads: unknown[]): DataRecord[] {
  return payloads.map((payload) => new DataRecord(payload));
}

describe('FileOutlet', () => {
  it('appends text lines by default', async () => {
    const path = join(folder, 'out.txt');
    await writeFile(path, 'existing\n');
    const outlet = new FileOutlet({ path });

    await outlet.push(records('plain', { a: 1 }, 42, null), update);
    await outlet.push(records('more'), update);

    expect(await readFile(path, 'utf8')).toBe('existing\nplain\n{"a":1}\n42\nnull\nmore\n');
  });

  it('overwrites the file with each transfer', async () => {
    const path = join(folder, 'latest.txt');
    await writeFile(path, 'old content\n');
    const outlet = new FileOutlet({ path, mode: 'overwrite' });

    await outlet.push(records('first', 'batch'), update);
    expect(await readFile(path, 'utf8')).toBe('first\nbatch\n');
    await outlet.push(records('second'), new Update([], 1));
    expect(await readFile(path, 'utf8')).toBe('second\n');
  });

  it('keeps every batch of one transfer when overwriting', async () => {
    const path = join(folder, 'latest.txt');
    const outlet = new FileOutlet({ path, mode: 'overwrite' });
    const first = new Update([], 0);
    const second = new Update([], 1);

    await outlet.push(records('a', 'b'), first);
    await outlet.push(records('c'), first);
    expect(await readFile(path, 'utf8')).toBe('a\nb\nc\n');

    await outlet.push(records('d'), second);
    await outlet.push(records('e'), second);
    expect(await readFile(path, 'utf8')).toBe('d\ne\n');
  });

  it('writes jsonl that parses back', async () => {
    const path = join(folder, 'out.jsonl');
    const payloads = [{ text: 'line\nbreak, "quote"', city: 'Zürich' }, 'a string', [1, 2], null];

    await new FileOutlet({ path, format: 'jsonl' }).push(records(...payloads), update);

    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(payloads);
  });

  it('rejects a payload that is not JSON', async () => {
    const path = join(folder, 'circular.jsonl');
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    await expect(new FileOutlet({ path, format: 'jsonl' }).push(records(circular), update)).rejects.toThrow(
      /cannot be written as JSON.*circular/,
    );
  });

  it('writes in the given encoding', async () => {
    const path = join(folder, 'latin1.txt');

    await new FileOutlet({ path, encoding: 'latin1' }).push(records('café'), update);

    expect(await readFile(path)).toEqual(Buffer.from('café\n', 'latin1'));
  });

  it('routes records by metadata path and creates folders', async () => {
    const defaultPath = join(folder, 'default.txt');
    const outlet = new FileOutlet({ path: defaultPath, resolvePath: (path) => resolve(folder, path) });

    await outlet.push(
      [
        new DataRecord('to a', { [FileOutlet.PATH_METADATA_KEY]: 'nested/deeper/a.txt' }),
        new DataRecord('to default'),
        new DataRecord('to a again', { filePath: 'nested/deeper/a.txt' }),
        new DataRecord('absolute', { filePath: join(folder, 'abs', 'b.txt') }),
      ],
      update,
    );

    expect(await readFile(join(folder, 'nested', 'deeper', 'a.txt'), 'utf8')).toBe('to a\nto a again\n');
    expect(await readFile(defaultPath, 'utf8')).toBe('to default\n');
    expect(await readFile(join(folder, 'abs', 'b.txt'), 'utf8')).toBe('absolute\n');
  });

  it('creates the parent folders of its path', async () => {
    const path = join(folder, 'a', 'b', 'c.txt');

    await new FileOutlet({ path }).push(records('deep'), update);

    expect(await readFile(path, 'utf8')).toBe('deep\n');
  });

  it('rejects invalid options and routing values', async () => {
    expect(() => new FileOutlet({ path: 'x', mode: 'w' as never })).toThrow(/mode="w"/);
    expect(() => new FileOutlet({ path: 'x', format: 'csv' as never })).toThrow(/format="csv"/);
    expect(() => new FileOutlet({ path: 'x', encoding: 'hex' })).toThrow(/encoding="hex"/);
    await expect(new FileOutlet({}).push(records('x'), update)).rejects.toThrow(/path.*metadata "filePath"/);
    await expect(new FileOutlet({ path: join(folder, 'x') }).push([new DataRecord('x', { filePath: '' })], update)).rejects.toThrow(
      /metadata "filePath" must be a non-empty path string, got ""/,
    );
  });
});
