import { appendFile, mkdtemp, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Update } from '../engine/update.js';
import { NodeError, NodeErrorCode } from './errors.js';
import { FileInlet, type FileInletOptions } from './file-inlet.js';

const SEATTLE_WEATHER = fileURLToPath(new URL('../../../examples/data/seattle-weather.csv', import.meta.url));
const update = new Update([], 0);
let folder: string;
const inlets: FileInlet[] = [];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-inlet-'));
});

afterEach(async () => {
  for (const inlet of inlets.splice(0)) await inlet.onShutdown();
  await rm(folder, { recursive: true, force: true });
});

function fileInlet(options: FileInletOptions): FileInlet {
  const inlet = new FileInlet(options);
  inlets.push(inlet);
  return inlet;
}

async function payloads(inlet: FileInlet): Promise<unknown[]> {
  return inlet.toRecords(await inlet.pull(update)).map((record) => record.payload);
}

async function pullError(inlet: FileInlet): Promise<NodeError> {
  const error = await inlet.pull(update).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(NodeError);
  return error as NodeError;
}

describe('FileInlet formats', () => {
  it('text reads the whole file as one record', async () => {
    const path = join(folder, 'note.txt');
    await writeFile(path, 'first line\nsecond line\n');

    expect(await payloads(fileInlet({ path, format: 'text' }))).toEqual(['first line\nsecond line\n']);
  });

  it('lines gives a record per line', async () => {
    const path = join(folder, 'log.txt');
    await writeFile(path, 'alpha\r\nbeta\n\ngamma');

    expect(await payloads(fileInlet({ path, format: 'lines' }))).toEqual(['alpha', 'beta', '', 'gamma']);
  });

  it('lines splits across read chunks', async () => {
    const path = join(folder, 'big.txt');
    const lines = Array.from({ length: 60_000 }, (_, index) => `line ${index} ünïcödé ${'x'.repeat(index % 50)}`);
    await writeFile(path, `${lines.join('\n')}\n`);

    expect(await payloads(fileInlet({ path, format: 'lines' }))).toEqual(lines);
  });

  it('jsonl parses each non-blank line', async () => {
    const path = join(folder, 'events.jsonl');
    await writeFile(path, '\uFEFF{"id":1,"tags":["a"]}\n\n  \n[1,2]\n"text"\nnull\n{"id":2}');

    expect(await payloads(fileInlet({ path, format: 'jsonl' }))).toEqual([
      { id: 1, tags: ['a'] },
      [1, 2],
      'text',
      null,
      { id: 2 },
    ]);
  });

  it('jsonl names the invalid line', async () => {
    const path = join(folder, 'broken.jsonl');
    await writeFile(path, '{"id":1}\n{"id":2}\n\n{"id":3,}\n{"id":4}\n');

    const error = await pullError(fileInlet({ path, format: 'jsonl' }));

    expect(error.code).toBe(NodeErrorCode.fileInvalidJson);
    expect(error.message).toContain(`line 4 of ${path}`);
  });

  it('json gives a record per array element', async () => {
    const path = join(folder, 'list.json');
    await writeFile(path, JSON.stringify([{ id: 1 }, { id: 2 }, [3]]));

    expect(await payloads(fileInlet({ path, format: 'json' }))).toEqual([{ id: 1 }, { id: 2 }, [3]]);
  });

  it('json gives one record for an object', async () => {
    const path = join(folder, 'object.json');
    await writeFile(path, '{"station":"SEA","readings":[1,2]}');

    expect(await payloads(fileInlet({ path, format: 'json' }))).toEqual([{ station: 'SEA', readings: [1, 2] }]);
  });

  it('json rejects an invalid file with its path', async () => {
    const path = join(folder, 'bad.json');
    await writeFile(path, '{"a": 1');

    const error = await pullError(fileInlet({ path, format: 'json' }));

    expect(error.code).toBe(NodeErrorCode.fileInvalidJson);
    expect(error.message).toContain(path);
  });

  it('csv reads the Seattle weather file', async () => {
    const rows = (await payloads(fileInlet({ path: SEATTLE_WEATHER, format: 'csv' }))) as Record<string, string>[];

    const lines = (await readFile(SEATTLE_WEATHER, 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(lines.length - 1);
    expect(rows[0]).toEqual({
      date: '2012-01-01',
      precipitation: '0.0',
      temp_max: '12.8',
      temp_min: '5.0',
      wind: '4.7',
      weather: 'drizzle',
    });
    expect(rows.at(-1)).toEqual(Object.fromEntries(lines[0].split(',').map((key, index) => [key, lines.at(-1)!.split(',')[index]])));
  });

  it('csv keeps cell values as strings', async () => {
    const path = join(folder, 'zips.csv');
    await writeFile(path, 'zip,city,note\n00501,Holtsville,"quoted, with comma"\n"02134","Allston","line\nbreak"\n');

    expect(await payloads(fileInlet({ path, format: 'csv' }))).toEqual([
      { zip: '00501', city: 'Holtsville', note: 'quoted, with comma' },
      { zip: '02134', city: 'Allston', note: 'line\nbreak' },
    ]);
  });

  it('csv rejects a row of the wrong width', async () => {
    const path = join(folder, 'ragged.csv');
    await writeFile(path, 'a,b\n1,2\n3\n');

    const error = await pullError(fileInlet({ path, format: 'csv' }));

    expect(error.code).toBe(NodeErrorCode.fileInvalidCsv);
    expect(error.message).toContain(path);
    expect(error.message).toContain('Fix the file at that line');
  });

  it('reads latin1 and utf16le files', async () => {
    const latin1 = join(folder, 'latin1.txt');
    await writeFile(latin1, Buffer.from('café\nnaïve\n', 'latin1'));
    const utf16 = join(folder, 'utf16.txt');
    await writeFile(utf16, Buffer.from('Grüße\n日本\n', 'utf16le'));

    expect(await payloads(fileInlet({ path: latin1, format: 'lines', encoding: 'latin1' }))).toEqual(['café', 'naïve']);
    expect(await payloads(fileInlet({ path: utf16, format: 'lines', encoding: 'utf16le' }))).toEqual(['Grüße', '日本']);
    expect(await payloads(fileInlet({ path: utf16, format: 'text', encoding: 'utf-16le' }))).toEqual(['Grüße\n日本\n']);
  });

  it('reads the file again on every transfer', async () => {
    const path = join(folder, 'again.txt');
    await writeFile(path, 'one\n');
    const inlet = fileInlet({ path, format: 'lines' });

    expect(await payloads(inlet)).toEqual(['one']);
    await appendFile(path, 'two\n');
    expect(await payloads(inlet)).toEqual(['one', 'two']);
  });

  it('fails on a missing file with its path', async () => {
    const path = join(folder, 'missing', 'nothing.jsonl');

    for (const format of ['text', 'lines', 'jsonl', 'json', 'csv'] as const) {
      const error = await pullError(fileInlet({ path, format }));
      expect(error.code).toBe(NodeErrorCode.fileNotFound);
      expect(error.message).toContain(`file not found: ${path}`);
    }
    const following = await pullError(fileInlet({ path, format: 'lines', follow: true }));
    expect(following.code).toBe(NodeErrorCode.fileNotFound);
  });

  it('resolves a relative path against the working directory', () => {
    expect(fileInlet({ path: 'data/in.txt' }).path).toBe(resolve('data/in.txt'));
  });

  it('rejects invalid options', () => {
    expect(() => new FileInlet({ path: '' })).toThrow(/path=""/);
    expect(() => new FileInlet({ path: 'a', format: 'xml' as never })).toThrow(/format="xml"/);
    expect(() => new FileInlet({ path: 'a', encoding: 'base64' })).toThrow(/encoding="base64"/);
    expect(() => new FileInlet({ path: 'a', format: 'json', follow: true })).toThrow(/follow=true.*jsonl/);
  });
});

describe('FileInlet follow', () => {
  it('reads only appended lines', async () => {
    const path = join(folder, 'app.log');
    await writeFile(path, 'start\n');
    const inlet = fileInlet({ path, format: 'lines', follow: true });

    expect(await payloads(inlet)).toEqual(['start']);
    expect(await payloads(inlet)).toEqual([]);
    await appendFile(path, 'second\nthird\n');
    expect(await payloads(inlet)).toEqual(['second', 'third']);
  });

  it('holds back a line until its newline', async () => {
    const path = join(folder, 'partial.jsonl');
    await writeFile(path, '{"n":1}\n{"n":');
    const inlet = fileInlet({ path, format: 'jsonl', follow: true });

    expect(await payloads(inlet)).toEqual([{ n: 1 }]);
    await appendFile(path, '2}\n');
    expect(await payloads(inlet)).toEqual([{ n: 2 }]);
  });

  it('holds back a multibyte character split by a write', async () => {
    const path = join(folder, 'utf8.log');
    const bytes = Buffer.from('naïve\nüber\n', 'utf8');
    const splitAt = bytes.indexOf(Buffer.from('ü')) + 1;
    await writeFile(path, bytes.subarray(0, splitAt));
    const inlet = fileInlet({ path, format: 'lines', follow: true });

    expect(await payloads(inlet)).toEqual(['naïve']);
    await appendFile(path, bytes.subarray(splitAt));
    expect(await payloads(inlet)).toEqual(['über']);
  });

  it('numbers invalid lines across transfers', async () => {
    const path = join(folder, 'numbered.jsonl');
    await writeFile(path, '{"n":1}\n{"n":2}\n');
    const inlet = fileInlet({ path, format: 'jsonl', follow: true });
    await payloads(inlet);

    await appendFile(path, '{"n":3}\nnot json\n');
    const error = await pullError(inlet);

    expect(error.message).toContain(`line 4 of ${path}`);
  });

  it('starts again after truncation', async () => {
    const path = join(folder, 'truncated.log');
    await writeFile(path, 'old one\nold two\n');
    const inlet = fileInlet({ path, format: 'lines', follow: true });
    expect(await payloads(inlet)).toEqual(['old one', 'old two']);

    await truncate(path, 0);
    await appendFile(path, 'new\n');

    expect(await payloads(inlet)).toEqual(['new']);
    await appendFile(path, 'newer\n');
    expect(await payloads(inlet)).toEqual(['newer']);
  });

  it('reads the rest of a rotated file, then the new one', async () => {
    const path = join(folder, 'rotating.log');
    await writeFile(path, 'a1\n');
    const inlet = fileInlet({ path, format: 'lines', follow: true });
    expect(await payloads(inlet)).toEqual(['a1']);

    await appendFile(path, 'a2\n');
    await rename(path, `${path}.1`);
    await writeFile(path, 'b1\n');

    expect(await payloads(inlet)).toEqual(['a2', 'b1']);
    await appendFile(path, 'b2\n');
    expect(await payloads(inlet)).toEqual(['b2']);
  });

  it('reads a file replaced while stopped from the start', async () => {
    const path = join(folder, 'replaced.log');
    await writeFile(path, 'a1\n');
    const inlet = fileInlet({ path, format: 'lines', follow: true });
    expect(await payloads(inlet)).toEqual(['a1']);
    await inlet.onShutdown();

    await rename(path, `${path}.1`);
    await writeFile(path, 'b1\nb2\n');

    expect(await payloads(inlet)).toEqual(['b1', 'b2']);
  });

  it('continues after a restart', async () => {
    const path = join(folder, 'restart.log');
    await writeFile(path, 'a1\n');
    const inlet = fileInlet({ path, format: 'lines', follow: true });
    expect(await payloads(inlet)).toEqual(['a1']);
    await inlet.onShutdown();

    await appendFile(path, 'a2\n');

    expect(await payloads(inlet)).toEqual(['a2']);
  });

  it('follows csv with the header of the file', async () => {
    const path = join(folder, 'follow.csv');
    await writeFile(path, 'zip,note\n00501,"first"\n');
    const inlet = fileInlet({ path, format: 'csv', follow: true });
    expect(await payloads(inlet)).toEqual([{ zip: '00501', note: 'first' }]);

    await appendFile(path, '02134,"multi\n');
    expect(await payloads(inlet)).toEqual([]);
    await appendFile(path, 'line"\n');
    expect(await payloads(inlet)).toEqual([{ zip: '02134', note: 'multi\nline' }]);

    await writeFile(path, 'id,zip\n7,99501\n');
    expect(await payloads(inlet)).toEqual([{ id: '7', zip: '99501' }]);
  });

  it('follows text as appended chunks', async () => {
    const path = join(folder, 'chunks.txt');
    await writeFile(path, 'one');
    const inlet = fileInlet({ path, format: 'text', follow: true });

    expect(await payloads(inlet)).toEqual(['one']);
    expect(await payloads(inlet)).toEqual([]);
    await appendFile(path, ' two');
    expect(await payloads(inlet)).toEqual([' two']);
  });

  it('follows a utf16le file', async () => {
    const path = join(folder, 'utf16.log');
    await writeFile(path, Buffer.from('α\nβ', 'utf16le'));
    const inlet = fileInlet({ path, format: 'lines', follow: true, encoding: 'utf16le' });

    expect(await payloads(inlet)).toEqual(['α']);
    await appendFile(path, Buffer.from('γ\n', 'utf16le'));
    expect(await payloads(inlet)).toEqual(['βγ']);
  });
});
