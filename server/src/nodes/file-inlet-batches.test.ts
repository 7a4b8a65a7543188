import { readdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Link } from '../engine/link.js';
import { Update } from '../engine/update.js';
import { pino } from 'pino';
import { CsvOutlet } from './csv-outlet.js';
import { NodeError } from './errors.js';
import { DEFAULT_BATCH_SIZE, FileInlet } from './file-inlet.js';

const update = new Update([], 0);
const silent = pino({ level: 'silent' });
let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'file-inlet-batches-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Writes `count` JSON lines whose text has commas, quotes and non-ASCII letters. */
async function writeJsonl(path: string, count: number): Promise<void> {
  const lines: string[] = [];
  for (let id = 1; id <= count; id += 1) {
    lines.push(JSON.stringify({ id, name: `Zoë "${id}", Malmö`, tags: ['a', String(id % 7)], location: { lat: id / 100 } }));
  }
  await writeFile(path, `${lines.join('\n')}\n`);
}

async function collectBatches(inlet: FileInlet): Promise<unknown[][]> {
  const batches: unknown[][] = [];
  for await (const batch of inlet.pullBatches(update)) batches.push(batch as unknown[]);
  return batches;
}

async function openFileCount(): Promise<number> {
  return (await readdir('/proc/self/fd')).length;
}

/** Waits for a stream's asynchronous close to finish; fails after a second. */
async function waitUntilFileCount(count: number): Promise<void> {
  for (let attempt = 0; attempt < 100 && (await openFileCount()) !== count; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('FileInlet pullBatches', () => {
  it('yields batchSize records at a time', async () => {
    const path = join(folder, 'records.jsonl');
    await writeJsonl(path, 25_000);
    const inlet = new FileInlet({ path, format: 'jsonl', batchSize: 10_000 });

    const batches = await collectBatches(inlet);

    expect(batches.map((batch) => batch.length)).toEqual([10_000, 10_000, 5_000]);
    expect(batches.flat()).toEqual(await inlet.pull(update));
  });

  it('yields text lines in batches', async () => {
    const path = join(folder, 'notes.txt');
    await writeFile(path, 'one\ntwo\nthree\n');

    const batches = await collectBatches(new FileInlet({ path, format: 'lines', batchSize: 2 }));

    expect(batches).toEqual([['one', 'two'], ['three']]);
  });

  it('yields nothing for an empty file', async () => {
    const path = join(folder, 'empty.jsonl');
    await writeFile(path, '');

    expect(await collectBatches(new FileInlet({ path, format: 'jsonl' }))).toEqual([]);
  });

  it('reads text and json as one batch', async () => {
    const path = join(folder, 'rows.json');
    await writeFile(path, JSON.stringify([{ id: 1 }, { id: 2 }, { id: 3 }]));

    const batches = await collectBatches(new FileInlet({ path, format: 'json', batchSize: 1 }));

    expect(batches).toEqual([[{ id: 1 }, { id: 2 }, { id: 3 }]]);
  });

  it('yields CSV rows in batches', async () => {
    const path = join(folder, 'rows.csv');
    const rows = Array.from({ length: 5_000 }, (_, index) => ({ id: String(index + 1), note: `Zoë, "quoted"\nline ${index}` }));
    const body = rows.map((row) => `${row.id},"${row.note.replaceAll('"', '""')}"`).join('\r\n');
    await writeFile(path, `\uFEFFid,note\r\n${body}\r\n\r\n`);
    const inlet = new FileInlet({ path, format: 'csv', batchSize: 2_000 });

    const batches = await collectBatches(inlet);

    expect(batches.map((batch) => batch.length)).toEqual([2_000, 2_000, 1_000]);
    expect(batches.flat()).toEqual(rows);
    expect(batches.flat()).toEqual(await inlet.pull(update));
  });

  it('names the file of invalid CSV', async () => {
    const path = join(folder, 'broken.csv');
    await writeFile(path, 'id,note\n1,"never closed\n');

    const error = await collectBatches(new FileInlet({ path, format: 'csv' })).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(NodeError);
    expect((error as NodeError).message).toMatch(/broken\.csv is not valid CSV: .*[Qq]uote/);
    expect((error as NodeError).message).toContain('Fix the file at that line');
  });

  it('closes a CSV file when the reader stops early', async () => {
    const path = join(folder, 'rows.csv');
    await writeFile(path, `id\n${Array.from({ length: 50_000 }, (_, index) => index).join('\n')}\n`);
    const inlet = new FileInlet({ path, format: 'csv', batchSize: 100 });
    const before = await openFileCount();

    const iterator = inlet.pullBatches(update)[Symbol.asyncIterator]();
    const first = await iterator.next();
    await iterator.return?.(undefined);
    await waitUntilFileCount(before);

    expect(first.value).toHaveLength(100);
    expect(await openFileCount()).toBe(before);
  });

  it('closes the file when the reader stops early', async () => {
    const path = join(folder, 'records.jsonl');
    await writeJsonl(path, 5_000);
    const inlet = new FileInlet({ path, format: 'jsonl', batchSize: 100 });
    const before = await openFileCount();

    const iterator = inlet.pullBatches(update)[Symbol.asyncIterator]();
    const first = await iterator.next();
    const openWhileReading = await openFileCount();
    await iterator.return?.(undefined);

    expect(first.value).toHaveLength(100);
    expect(openWhileReading).toBe(before + 1);
    expect(await openFileCount()).toBe(before);
  });

  it('stops at a line of invalid JSON', async () => {
    const path = join(folder, 'broken.jsonl');
    await writeJsonl(path, 3_000);
    await writeFile(path, '{"id":3001\n', { flag: 'a' });
    const batches: unknown[][] = [];

    const reading = (async () => {
      for await (const batch of new FileInlet({ path, format: 'jsonl', batchSize: 500 }).pullBatches(update)) batches.push(batch as unknown[]);
    })();

    await expect(reading).rejects.toThrow(/line 3001 of .*broken\.jsonl is not valid JSON/);
    // Lines are parsed 64 KB at a time, so the lines parsed with the invalid one are never yielded.
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.every((batch) => batch.length === 500)).toBe(true);
    expect(batches.flat().map((payload) => (payload as { id: number }).id)).toEqual(
      Array.from({ length: batches.length * 500 }, (_, index) => index + 1),
    );
  });

  it.each([0, -1, 2.5, Number.NaN, '10'])('rejects batchSize %s', (batchSize) => {
    const create = () => new FileInlet({ path: join(folder, 'x.jsonl'), format: 'jsonl', batchSize: batchSize as number });

    expect(create).toThrow(NodeError);
    expect(create).toThrow(/batchSize/);
  });

  it.each([
    [Number.NaN, 'batchSize=NaN'],
    [Number.POSITIVE_INFINITY, 'batchSize=Infinity'],
    ['10', 'batchSize="10"'],
  ])('quotes batchSize %s in the error', (batchSize, quoted) => {
    const create = () => new FileInlet({ path: join(folder, 'x.jsonl'), format: 'jsonl', batchSize: batchSize as number });

    expect(create).toThrow(quoted);
  });

  it('defaults batchSize to 1,000', () => {
    expect(new FileInlet({ path: join(folder, 'x.jsonl') }).batchSize).toBe(DEFAULT_BATCH_SIZE);
    expect(DEFAULT_BATCH_SIZE).toBe(1_000);
  });
});

describe('FileInlet to CsvOutlet with streamBatches', () => {
  it('writes the same CSV as a single-batch transfer', async () => {
    const input = join(folder, 'records.jsonl');
    await writeJsonl(input, 12_345);
    const streamed = join(folder, 'streamed.csv');
    const whole = join(folder, 'whole.csv');

    for (const [output, streamBatches] of [[streamed, true], [whole, false]] as const) {
      const link = new Link({
        inlets: [new FileInlet({ path: input, format: 'jsonl', batchSize: 1_000 })],
        outlets: [new CsvOutlet({ path: output, logger: silent })],
        interval: 60_000,
        streamBatches,
        logger: silent,
      });
      const result = await link.transfer();
      await link.shutdown();
      expect(result.recordsOutTotal).toBe(12_345);
    }

    const streamedText = await readFile(streamed, 'utf8');
    expect(streamedText).toBe(await readFile(whole, 'utf8'));
    expect(streamedText.split('\n')[0]).toBe('id,name,tags,location.lat');
    expect(streamedText.match(/^id,name/gm)).toHaveLength(1);
  });
});
