import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpTestServer, type HttpTestServer } from '../../test-support/http-test-server.js';
import { sendUsgsFeed, USGS_FEATURE_COUNT, USGS_FEED_PATH, usgsFeedBody } from '../../test-support/usgs-feed.js';
import { createTempDir, removeTempDir, simpleFlow, startStudio, waitFor, type RunningStudio } from '../test-support/harness.js';

const SEATTLE_CSV = path.resolve(import.meta.dirname, '../../../../examples/data/seattle-weather.csv');

interface WeatherRow {
  date: string;
  precipitation: string;
  weather: string;
}

function readJsonLines(file: string): unknown[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

describe('link and outlet processors in a deployed flow', () => {
  let dataDir: string;
  let studio: RunningStudio;

  beforeEach(async () => {
    dataDir = createTempDir('processors');
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

  function filesPath(...parts: string[]): string {
    return path.join(studio.config.filesRoot, ...parts);
  }

  it('filters and maps the Seattle CSV', async () => {
    copyFileSync(SEATTLE_CSV, filesPath('weather-test.csv'));
    const rows = parse(readFileSync(SEATTLE_CSV, 'utf8'), { columns: true }) as WeatherRow[];
    const expected = rows
      .filter((row) => row.weather === 'rain')
      .map((row) => ({ day: row.date, mm: Number(row.precipitation) }));
    expect(expected.length).toBeGreaterThan(100);

    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'file-inlet', config: { path: 'weather-test.csv', format: 'csv' } },
        outlet: { type: 'file-outlet', config: { path: 'out/rain.jsonl', format: 'jsonl' } },
        link: {
          processors: [
            { type: 'filter', config: { expression: 'payload.weather = "rain"' } },
            { type: 'map', config: { expression: '{ "day": payload.date, "mm": $number(payload.precipitation) }' } },
          ],
        },
      }),
    );

    const deployed = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(deployed.status).toBe(200);
    await waitFor(() => readJsonLines(filesPath('out/rain.jsonl')).length >= expected.length, 15_000, 'the rain records');

    expect(readJsonLines(filesPath('out/rain.jsonl'))).toEqual(expected);

    const transfers = await studio.request('GET', `/api/flows/${id}/transfers?linkId=l1`);
    expect(transfers.body[0]).toMatchObject({
      recordsIn: rows.length,
      recordsOut: expected.length,
      nodes: { in1: { recordsIn: rows.length }, out1: { recordsOut: expected.length } },
    });
  });

  describe('with the USGS feed on a local server', () => {
    let feed: HttpTestServer;

    beforeEach(async () => {
      feed = await startHttpTestServer((request, response) => {
        if (request.url !== USGS_FEED_PATH) return void response.writeHead(404).end();
        sendUsgsFeed(request, response);
      });
    });

    afterEach(async () => {
      await feed.close();
    });

    it('splits, groups and batches the feed by type', async () => {
      const features = (JSON.parse(usgsFeedBody().toString('utf8')) as { features: { id: string; properties: { type: string; mag: number | null } }[] }).features;
      const byType = new Map<string, string[]>();
      for (const feature of features) {
        byType.set(feature.properties.type, [...(byType.get(feature.properties.type) ?? []), feature.id]);
      }
      expect(byType.size).toBeGreaterThan(1);

      const id = await createFlow(
        simpleFlow({
          inlet: { type: 'http-inlet', config: { url: feed.baseUrl + USGS_FEED_PATH } },
          outlet: { type: 'file-outlet', config: { path: 'quakes/all.jsonl', format: 'jsonl', processors: [
            { type: 'set-metadata', config: { key: 'filePath', expression: '"quakes/" & payload.type & ".jsonl"' } },
          ] } },
          link: {
            processors: [
              { type: 'split', config: { path: 'features' } },
              { type: 'map', config: { expression: '{ "id": payload.id, "type": payload.properties.type, "mag": payload.properties.mag }' } },
            ],
            groupers: [
              { type: 'group-by', config: { key: 'payload.type' } },
              { type: 'batch', config: { size: 400 } },
            ],
          },
        }),
      );

      expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
      const transfer = await waitFor(async () => {
        const list = await studio.request('GET', `/api/flows/${id}/transfers?linkId=l1`);
        return list.body[0];
      }, 15_000, 'the first transfer');

      expect(transfer).toMatchObject({ status: 'ok', recordsIn: 1, recordsOut: USGS_FEATURE_COUNT });
      expect(existsSync(filesPath('quakes/all.jsonl'))).toBe(false);
      for (const [type, ids] of byType) {
        const written = readJsonLines(filesPath('quakes', `${type}.jsonl`)) as { id: string; type: string }[];
        expect(written.map((row) => row.id)).toEqual(ids);
        expect(new Set(written.map((row) => row.type))).toEqual(new Set([type]));
      }
    });
  });

  it('rejects bad steps and schedules with 422', async () => {
    const flow = simpleFlow({
      inlet: { type: 'null-inlet' },
      outlet: { type: 'null-outlet', config: { processors: [{ type: 'map', config: { expression: '{ "a": ' } }] } },
      link: {
        schedule: { cron: '0 25 * * *', timezone: 'UTC' },
        processors: [
          { type: 'filter', config: { expression: 'payload.weather = ' } },
          { type: 'no-such-step', config: {} },
          { type: 'buffer', config: {} },
        ],
        groupers: [{ type: 'filter', config: { expression: 'true' } }],
      },
    });
    const id = await createFlow(flow);

    const response = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(response.status).toBe(422);
    const errors = response.body.errors as { nodeId: string; field?: string; message: string }[];
    const cron = errors.find((error) => error.field === 'schedule.cron');
    expect(cron).toMatchObject({ nodeId: 'l1' });
    expect(cron!.message).toContain('25');
    // The bad schedule does not hide the step problems of the same link.
    const linkExpression = errors.find((error) => error.nodeId === 'l1' && error.field === 'processors.0.expression');
    expect(linkExpression?.message).toMatch(/position \d+/);

    const outletExpression = errors.find((error) => error.nodeId === 'out1');
    expect(outletExpression).toMatchObject({ field: 'processors.0.expression' });
    expect(outletExpression!.message).toMatch(/position \d+/);

    flow.nodes[1].config = { ...flow.nodes[1].config, schedule: { cron: '0 6 * * *', timezone: 'Mars/Olympus' } };
    const updated = await studio.request('PUT', `/api/flows/${id}`, { ...flow, version: 1 });
    expect(updated.status).toBe(200);
    const second = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect((second.body.errors as { field?: string }[]).map((error) => error.field)).toContain('schedule.timezone');

    delete (flow.nodes[1].config as Record<string, unknown>).schedule;
    expect((await studio.request('PUT', `/api/flows/${id}`, { ...flow, version: 2 })).status).toBe(200);
    const third = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(third.status).toBe(422);
    const linkErrors = (third.body.errors as { nodeId: string; field?: string; message: string }[]).filter((error) => error.nodeId === 'l1');
    const byField = new Map(linkErrors.map((error) => [error.field, error.message]));
    expect(byField.get('processors.0.expression')).toMatch(/invalid JSONata in "expression".*position 18/);
    expect(byField.get('processors.1.type')).toContain('"no-such-step" is not registered');
    expect(byField.get('processors.2.countThreshold')).toContain('countThreshold');
    expect(byField.get('groupers.0.type')).toContain('is a processor, not a grouper');
  });

  it('releases a buffer by count and on stop', async () => {
    writeFileSync(filesPath('pairs.txt'), 'a\nb\n');
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'file-inlet', config: { path: 'pairs.txt', format: 'lines' } },
        outlet: { type: 'file-outlet', config: { path: 'buffered.jsonl', format: 'jsonl' } },
        link: { immediateTransfer: false, processors: [{ type: 'buffer', config: { countThreshold: 5 } }] },
      }),
    );
    expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    const output = filesPath('buffered.jsonl');

    for (const expectedLines of [0, 0, 6]) {
      const run = await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);
      expect(run.status).toBe(200);
      expect(readJsonLines(output)).toHaveLength(expectedLines);
    }
    expect(readJsonLines(output)).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);

    await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);
    expect(readJsonLines(output)).toHaveLength(6);

    expect((await studio.request('POST', `/api/flows/${id}/stop`)).status).toBe(200);
    expect(readJsonLines(output)).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    const transfers = await studio.request('GET', `/api/flows/${id}/transfers?linkId=l1`);
    expect(transfers.body[0]).toMatchObject({ recordsIn: 0, recordsOut: 2, status: 'ok' });
  });

  it('releases held records once on redeploy', async () => {
    writeFileSync(filesPath('redeploy.txt'), 'a\nb\n');
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'file-inlet', config: { path: 'redeploy.txt', format: 'lines' } },
        outlet: { type: 'file-outlet', config: { path: 'redeploy.jsonl', format: 'jsonl' } },
        link: { immediateTransfer: false, processors: [{ type: 'buffer', config: { countThreshold: 5 } }] },
      }),
    );
    const output = filesPath('redeploy.jsonl');
    expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);

    // The old version releases its 2 held records as it stops; the new buffer starts empty.
    expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    expect(readJsonLines(output)).toEqual(['a', 'b']);
    await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);
    await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);
    expect(readJsonLines(output)).toEqual(['a', 'b']);
    await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);
    expect(readJsonLines(output)).toHaveLength(8);
  });

  it('keeps held records its stop could not deliver', async () => {
    writeFileSync(filesPath('kept.txt'), 'a\nb\n');
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'file-inlet', config: { path: 'kept.txt', format: 'lines' } },
        outlet: { type: 'file-outlet', config: { path: 'out/kept.jsonl', format: 'jsonl' } },
        link: { immediateTransfer: false, processors: [{ type: 'buffer', config: { countThreshold: 5 } }] },
      }),
    );
    expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);

    // A folder where the output file should be makes the write on stop fail.
    const output = filesPath('out/kept.jsonl');
    mkdirSync(output, { recursive: true });
    expect((await studio.request('POST', `/api/flows/${id}/stop`)).status).toBe(200);
    const failed = await studio.request('GET', `/api/flows/${id}/transfers?linkId=l1`);
    expect(failed.body[0]).toMatchObject({ recordsOut: 0, status: 'failed' });

    // After the folder is gone, the next deploy holds the 2 records again and releases them on stop.
    rmSync(output, { recursive: true });
    expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    expect((await studio.request('POST', `/api/flows/${id}/stop`)).status).toBe(200);
    expect(readJsonLines(output)).toEqual(['a', 'b']);
  });

  it('previews a link without side effects', async () => {
    copyFileSync(SEATTLE_CSV, filesPath('weather-preview.csv'));
    const flow = simpleFlow({
      inlet: { type: 'file-inlet', config: { path: 'weather-preview.csv', format: 'csv' } },
      outlet: { type: 'file-outlet', config: { path: 'preview-out.jsonl', format: 'jsonl' } },
      link: {
        immediateTransfer: false,
        processors: [
          { type: 'filter', config: { expression: 'payload.weather = "snow"' } },
          { type: 'map', config: { expression: 'payload.date' } },
        ],
      },
    });
    const id = await createFlow(flow);
    const rows = parse(readFileSync(SEATTLE_CSV, 'utf8'), { columns: true }) as WeatherRow[];
    const snowDays = rows.filter((row) => row.weather === 'snow').map((row) => row.date);

    const preview = await studio.request('POST', `/api/flows/${id}/links/l1/preview`, { limit: 5 });
    expect(preview.status).toBe(200);
    expect(preview.body.total).toBe(snowDays.length);
    expect(preview.body.records).toEqual(
      snowDays.slice(0, 5).map((day) => ({ payload: day, metadata: { __inlet__: 'in1' } })),
    );
    expect(preview.body.errors).toEqual([]);
    expect(typeof preview.body.durationMs).toBe('number');
    expect(existsSync(filesPath('preview-out.jsonl'))).toBe(false);

    // An unsaved edit: preview the flow in the body instead of the stored one.
    const edited = structuredClone(flow);
    (edited.nodes[1].config as { processors: unknown[] }).processors = [
      { type: 'filter', config: { expression: 'payload.weather = "fog"' } },
      { type: 'buffer', config: { countThreshold: 100000 } },
    ];
    const unsaved = await studio.request('POST', `/api/flows/${id}/links/l1/preview`, { flow: edited });
    expect(unsaved.status).toBe(200);
    expect(unsaved.body).toMatchObject({ total: 0, records: [], errors: [] });
    expect(existsSync(filesPath('preview-out.jsonl'))).toBe(false);
    const stored = studio.app.studio.database.prepare('SELECT count(*) AS count FROM processor_state').get() as { count: number };
    expect(stored.count).toBe(0);

    const missingFile = structuredClone(flow);
    missingFile.nodes[0].config = { path: 'no-such-file.csv', format: 'csv' };
    const failed = await studio.request('POST', `/api/flows/${id}/links/l1/preview`, { flow: missingFile });
    expect(failed.status).toBe(200);
    expect(failed.body.errors).toHaveLength(1);
    expect(failed.body.errors[0].nodeId).toBe('in1');

    const unknownLink = await studio.request('POST', `/api/flows/${id}/links/nope/preview`);
    expect(unknownLink.status).toBe(404);
    expect(unknownLink.body.code).toBe('DBS_PREVIEW_LINK_NOT_FOUND');
  });

  it('describes a cron link schedule', async () => {
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'null-inlet' },
        outlet: { type: 'null-outlet' },
        link: { immediateTransfer: false, schedule: { cron: '0 6 * * *', timezone: 'Europe/Berlin' }, overlap: 'queue' },
      }),
    );
    const deployed = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(deployed.status).toBe(200);
    const link = deployed.body.links[0];
    expect(link.overlap).toBe('queue');
    expect(link.schedule.description).toContain('Europe/Berlin');
    expect(link.schedule.next).toHaveLength(3);
    expect(link.nextTransferAt).toBe(link.schedule.next[0]);
    for (const time of link.schedule.next as string[]) {
      const berlin = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(new Date(time));
      expect(berlin).toBe('06:00');
    }
  });

  it('lists processor and grouper node types', async () => {
    const response = await studio.request('GET', '/api/node-types');
    const types = response.body.nodeTypes as { id: string; kind: string; configSchema: { properties: Record<string, unknown> } }[];
    const kinds = new Map(types.map((type) => [type.id, type.kind]));
    expect(kinds.get('filter')).toBe('processor');
    expect(kinds.get('buffer')).toBe('processor');
    expect(kinds.get('group-by')).toBe('grouper');
    expect(kinds.get('batch')).toBe('grouper');
    for (const type of types.filter((candidate) => candidate.kind === 'outlet')) {
      expect(type.configSchema.properties.processors, type.id).toMatchObject({ type: 'array' });
    }
    const link = types.find((type) => type.id === 'link')!;
    expect(Object.keys(link.configSchema.properties)).toEqual(
      expect.arrayContaining(['schedule', 'overlap', 'maxConcurrent', 'processors', 'groupers']),
    );
  });
});

describe('buffer state across a restart', () => {
  let dataDir: string;
  let studio: RunningStudio | undefined;

  beforeEach(() => {
    dataDir = createTempDir('buffer-restart');
  });

  afterEach(async () => {
    await studio?.close();
    removeTempDir(dataDir);
  });

  it('keeps held records through a crash', async () => {
    const { startStudioProcess } = await import('../test-support/studio-process.js');
    const filesRoot = path.join(dataDir, 'files');
    mkdirSync(filesRoot, { recursive: true });
    writeFileSync(path.join(filesRoot, 'pairs.txt'), 'a\nb\n');

    const crashing = await startStudioProcess(dataDir);
    let flowId: string;
    try {
      const created = await crashing.request('POST', '/api/flows', simpleFlow({
        inlet: { type: 'file-inlet', config: { path: 'pairs.txt', format: 'lines' } },
        outlet: { type: 'file-outlet', config: { path: 'held.jsonl', format: 'jsonl' } },
        link: { immediateTransfer: false, processors: [{ type: 'buffer', config: { countThreshold: 5 } }] },
      }));
      flowId = created.body.id;
      expect((await crashing.request('POST', `/api/flows/${flowId}/deploy`)).status).toBe(200);
      await crashing.request('POST', `/api/flows/${flowId}/links/l1/transfer`);
      await crashing.request('POST', `/api/flows/${flowId}/links/l1/transfer`);
    } finally {
      await crashing.kill();
    }
    // Killed, not stopped: nothing was released.
    expect(readJsonLines(path.join(filesRoot, 'held.jsonl'))).toEqual([]);

    studio = await startStudio(dataDir);
    await waitFor(async () => (await studio!.request('GET', `/api/flows/${flowId}/deployment`)).body.deployed, 10_000, 'the restored deployment');
    await studio.request('POST', `/api/flows/${flowId}/links/l1/transfer`);

    expect(readJsonLines(path.join(filesRoot, 'held.jsonl'))).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });
});
