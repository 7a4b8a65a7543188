import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, removeTempDir, simpleFlow, startStudio, waitFor, type RunningStudio } from '../test-support/harness.js';

const SEATTLE_CSV = path.resolve(import.meta.dirname, '../../../../examples/data/seattle-weather.csv');

describe('links that stream batches in a deployed flow', () => {
  let dataDir: string;
  let studio: RunningStudio;

  beforeEach(async () => {
    dataDir = createTempDir('stream-batches');
    studio = await startStudio(dataDir);
  });

  afterEach(async () => {
    await studio.close();
    removeTempDir(dataDir);
  });

  async function createFlow(body: unknown): Promise<string> {
    const created = await studio.request('POST', '/api/flows', body);
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  it('moves a JSON Lines file to CSV in batches', async () => {
    const rows = parse(readFileSync(SEATTLE_CSV, 'utf8'), { columns: true }) as Record<string, string>[];
    const filesRoot = studio.config.filesRoot;
    writeFileSync(path.join(filesRoot, 'weather.jsonl'), rows.map((row) => JSON.stringify(row)).join('\n'));

    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'file-inlet', config: { path: 'weather.jsonl', format: 'jsonl', batchSize: 100 } },
        outlet: { type: 'csv-outlet', config: { path: 'out/weather.csv' } },
        link: { streamBatches: true, processors: [{ type: 'filter', config: { expression: 'payload.weather = "sun"' } }] },
      }),
    );
    const deployed = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(deployed.status).toBe(200);

    const sunny = rows.filter((row) => row.weather === 'sun');
    const output = path.join(filesRoot, 'out/weather.csv');
    const readOutput = () => {
      try {
        return parse(readFileSync(output, 'utf8'), { columns: true }) as Record<string, string>[];
      } catch {
        return [];
      }
    };
    await waitFor(() => readOutput().length >= sunny.length, 15_000, 'the sunny days in the CSV file');

    expect(readOutput()).toEqual(sunny);
    const transfers = await studio.request('GET', `/api/flows/${id}/transfers?linkId=l1`);
    expect(transfers.body[0]).toMatchObject({ recordsIn: rows.length, recordsOut: sunny.length });
  });

  it('previews a streaming link batch by batch', async () => {
    const rows = parse(readFileSync(SEATTLE_CSV, 'utf8'), { columns: true }) as Record<string, string>[];
    writeFileSync(path.join(studio.config.filesRoot, 'weather-preview.csv'), readFileSync(SEATTLE_CSV));
    const rainy = rows.filter((row) => row.weather === 'rain').map((row) => row.date);
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'file-inlet', config: { path: 'weather-preview.csv', format: 'csv', batchSize: 50 } },
        outlet: { type: 'null-outlet' },
        link: {
          streamBatches: true,
          processors: [
            { type: 'filter', config: { expression: 'payload.weather = "rain"' } },
            { type: 'map', config: { expression: 'payload.date' } },
          ],
        },
      }),
    );

    const preview = await studio.request('POST', `/api/flows/${id}/links/l1/preview`, { limit: 7 });

    expect(preview.status).toBe(200);
    expect(preview.body.total).toBe(rainy.length);
    expect(preview.body.records.map((record: { payload: unknown }) => record.payload)).toEqual(rainy.slice(0, 7));
    expect(preview.body.errors).toEqual([]);
  });

  it('previews only through pullBatches', async () => {
    // An inlet that fails when read whole, as a file larger than memory would.
    mkdirSync(studio.config.pluginsDir, { recursive: true });
    writeFileSync(
      path.join(studio.config.pluginsDir, 'pages.mjs'),
      `export default ({ defineInlet, z }) =>
  defineInlet({
    type: 'acme.pages-inlet',
    label: 'Pages',
    category: 'Test',
    description: 'Yields three pages of two records.',
    config: z.object({}),
    create: () => ({
      pull: () => { throw new Error('too large to read whole'); },
      async *pullBatches() {
        for (let page = 0; page < 3; page += 1) yield [page * 2, page * 2 + 1];
      },
    }),
  });
`,
    );
    expect((await studio.request('POST', '/api/node-types/reload')).status).toBe(200);
    const id = await createFlow(simpleFlow({ inlet: { type: 'acme.pages-inlet' }, outlet: { type: 'null-outlet' }, link: { streamBatches: true } }));

    const preview = await studio.request('POST', `/api/flows/${id}/links/l1/preview`, { limit: 4 });

    expect(preview.status).toBe(200);
    expect(preview.body.errors).toEqual([]);
    expect(preview.body.total).toBe(6);
    expect(preview.body.records.map((record: { payload: unknown }) => record.payload)).toEqual([0, 1, 2, 3]);
  });

  it('rejects streamBatches with groupers', async () => {
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'null-inlet' },
        outlet: { type: 'null-outlet' },
        link: { streamBatches: true, groupers: [{ type: 'batch', config: { size: 10 } }] },
      }),
    );

    const response = await studio.request('POST', `/api/flows/${id}/deploy`);

    expect(response.status).toBe(422);
    const errors = response.body.errors as { nodeId: string; field?: string; message: string }[];
    expect(errors).toContainEqual(
      expect.objectContaining({ nodeId: 'l1', field: 'streamBatches', message: expect.stringContaining('groupers') }),
    );
  });
});
