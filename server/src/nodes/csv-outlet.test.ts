import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataRecord } from '../engine/record.js';
import { Update } from '../engine/update.js';
import { CsvOutlet } from './csv-outlet.js';

const update = new Update(['csv'], 0);
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'csv-outlet-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

function records(...payloads: unknown[]): DataRecord[] {
  return payloads.map((payload) => new DataRecord(payload));
}

async function readRows(path: string): Promise<string[][]> {
  return parse(await readFile(path, 'utf8')) as string[][];
}

describe('CsvOutlet', () => {
  it('round-trips hard values through csv-parse', async () => {
    const path = join(folder, 'hard.csv');
    const outlet = new CsvOutlet({ path });
    const values = [
      { name: 'comma, inside', quote: 'say "hi"', text: 'line one\nline two', city: 'Zürich', emoji: '東京 🌋' },
      { name: 'crlf\r\nend', quote: '"', text: '', city: 'São Paulo', emoji: ' leading space' },
    ];

    await outlet.push(records(...values), update);

    const rows = await readRows(path);
    expect(rows[0]).toEqual(['name', 'quote', 'text', 'city', 'emoji']);
    expect(rows.slice(1)).toEqual(values.map((value) => Object.values(value)));
  });

  it('writes nested fields as dotted columns and arrays as JSON', async () => {
    const path = join(folder, 'quakes.csv');
    const outlet = new CsvOutlet({ path });

    await outlet.push(
      records(
        { id: 'ci1', properties: { mag: 2.1, place: '4km W of Castaic, CA', tsunami: false, alert: null }, geometry: { coordinates: [-118.6, 34.5, 7.2] } },
        { id: 'ci2', properties: { mag: -0.5, place: 'Ridgecrest', tsunami: true, alert: 'green' }, geometry: { coordinates: [1, 2] } },
      ),
      update,
    );

    const rows = await readRows(path);
    expect(rows[0]).toEqual(['id', 'properties.mag', 'properties.place', 'properties.tsunami', 'properties.alert', 'geometry.coordinates']);
    expect(rows[1]).toEqual(['ci1', '2.1', '4km W of Castaic, CA', 'false', '', '[-118.6,34.5,7.2]']);
    expect(rows[2]).toEqual(['ci2', '-0.5', 'Ridgecrest', 'true', 'green', '[1,2]']);
    expect(JSON.parse(rows[1][5])).toEqual([-118.6, 34.5, 7.2]);
  });

  it('writes the header once across appends', async () => {
    const path = join(folder, 'appended.csv');

    await new CsvOutlet({ path }).push(records({ a: 1, b: 'x' }), update);
    await new CsvOutlet({ path }).push(records({ a: 2, b: 'y' }, { a: 3, b: 'z' }), update);
    const outlet = new CsvOutlet({ path });
    await outlet.push(records({ a: 4, b: 'w' }), update);
    await outlet.push(records({ a: 5, b: 'v' }), update);

    expect(await readFile(path, 'utf8')).toBe('a,b\n1,x\n2,y\n3,z\n4,w\n5,v\n');
  });

  it('keeps the column order of an existing file', async () => {
    const path = join(folder, 'existing.csv');
    await writeFile(path, 'b,"a"\nold,row\n');

    await new CsvOutlet({ path }).push(records({ a: 'A', b: 'B' }), update);

    expect(await readFile(path, 'utf8')).toBe('b,"a"\nold,row\nB,A\n');
  });

  it('writes a header again into an emptied file', async () => {
    const path = join(folder, 'emptied.csv');
    const outlet = new CsvOutlet({ path });
    await outlet.push(records({ a: 1 }), update);
    await writeFile(path, '');

    await outlet.push(records({ a: 2 }), update);

    expect(await readFile(path, 'utf8')).toBe('a\n2\n');
  });

  it('uses explicit columns and leaves out other fields', async () => {
    const path = join(folder, 'columns.csv');
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const outlet = new CsvOutlet({ path, columns: ['properties.mag', 'id', 'missing'], logger });

    await outlet.push(records({ id: 'a', extra: 1, properties: { mag: 3 } }, { id: 'b', extra: 2 }), update);

    expect(await readRows(path)).toEqual([
      ['properties.mag', 'id', 'missing'],
      ['3', 'a', ''],
      ['', 'b', ''],
    ]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0])).toMatchObject({ field: 'extra', msg: 'record field is not a column of the CSV file and is left out' });
  });

  it('writes scalar payloads in a value column', async () => {
    const path = join(folder, 'scalars.csv');

    await new CsvOutlet({ path }).push(records(42, 'text, with comma', null), update);

    expect(await readRows(path)).toEqual([['value'], ['42'], ['text, with comma'], ['']]);
  });

  it('routes records by metadata path', async () => {
    const defaultPath = join(folder, 'default.csv');
    const outlet = new CsvOutlet({ path: defaultPath, resolvePath: (path) => resolve(folder, path) });

    await outlet.push(
      [
        new DataRecord({ city: 'Seattle' }, { [CsvOutlet.PATH_METADATA_KEY]: 'by-city/seattle.csv' }),
        new DataRecord({ city: 'Portland' }),
        new DataRecord({ city: 'Seattle', day: 2 }, { csvPath: 'by-city/seattle.csv' }),
      ],
      update,
    );

    expect(await readFile(join(folder, 'by-city', 'seattle.csv'), 'utf8')).toBe('city\nSeattle\nSeattle\n');
    expect(await readFile(defaultPath, 'utf8')).toBe('city\nPortland\n');
  });

  it('rejects a metadata path that is no string', async () => {
    const outlet = new CsvOutlet({ path: join(folder, 'x.csv') });

    await expect(outlet.push([new DataRecord({ a: 1 }, { csvPath: 7 })], update)).rejects.toThrow(/metadata "csvPath" must be a non-empty path string, got 7/);
  });

  it('needs a path or metadata', async () => {
    const outlet = new CsvOutlet({});

    await expect(outlet.push(records({ a: 1 }), update)).rejects.toThrow(/path.*metadata "csvPath"/);
  });

  it('writes a large batch completely', async () => {
    const path = join(folder, 'large.csv');
    const count = 25_000;
    const batch = Array.from({ length: count }, (_, index) => new DataRecord({ n: index, text: `row ${index}, "quoted"` }));

    await new CsvOutlet({ path }).push(batch, update);

    const rows = await readRows(path);
    expect(rows).toHaveLength(count + 1);
    expect(rows[count]).toEqual([String(count - 1), `row ${count - 1}, "quoted"`]);
  });
});
