import { readFileSync, writeFileSync } from 'node:fs';
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
