import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Link } from '../engine/link.js';
import { startHttpTestServer, type HttpTestServer } from '../test-support/http-test-server.js';
import { sendUsgsFeed, USGS_FEATURE_COUNT, USGS_FEED_PATH, usgsFeedBody } from '../test-support/usgs-feed.js';
import { CsvOutlet } from './csv-outlet.js';
import { HttpInlet } from './http-inlet.js';

interface Feature {
  id: string;
  properties: { mag: number | null; place: string | null };
  geometry: { coordinates: number[] };
}

let folder: string;
let server: HttpTestServer;

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'usgs-to-csv-'));
  server = await startHttpTestServer((request, response) => {
    if (request.url !== USGS_FEED_PATH) return void response.writeHead(404).end();
    sendUsgsFeed(request, response);
  });
});

afterEach(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

describe('USGS feed to CSV through a link', () => {
  it('writes every earthquake with magnitude, place and coordinates', async () => {
    const path = join(folder, 'quakes.csv');
    const link = new Link({
      inlets: [new HttpInlet({ url: server.baseUrl + USGS_FEED_PATH, recordsPath: 'features' })],
      outlets: [new CsvOutlet({ path, columns: ['id', 'properties.mag', 'properties.place', 'geometry.coordinates'] })],
      interval: { minutes: 1 },
      tags: 'quakes',
      logger: pino({ level: 'silent' }),
    });

    const result = await link.transfer();
    await link.shutdown();

    expect(result.status).toBe('ok');
    expect(result.recordsInTotal).toBe(USGS_FEATURE_COUNT);
    expect(result.recordsOutTotal).toBe(USGS_FEATURE_COUNT);

    const rows = parse(await readFile(path, 'utf8'), { columns: true }) as Record<string, string>[];
    const features = (JSON.parse(usgsFeedBody().toString('utf8')) as { features: Feature[] }).features;
    expect(rows).toHaveLength(USGS_FEATURE_COUNT);
    rows.forEach((row, index) => {
      const feature = features[index];
      expect(row.id).toBe(feature.id);
      expect(row['properties.mag']).toBe(feature.properties.mag === null ? '' : String(feature.properties.mag));
      expect(row['properties.place']).toBe(feature.properties.place ?? '');
      expect(JSON.parse(row['geometry.coordinates'])).toEqual(feature.geometry.coordinates);
    });
    expect(rows[0]).toMatchObject({ 'properties.mag': '2', 'properties.place': '4km W of Castaic, CA' });
  });

  it('appends a second transfer without a second header', async () => {
    const path = join(folder, 'twice.csv');
    const link = new Link({
      inlets: [new HttpInlet({ url: server.baseUrl + USGS_FEED_PATH, recordsPath: 'features' })],
      outlets: [new CsvOutlet({ path })],
      interval: 60_000,
      logger: pino({ level: 'silent' }),
    });

    await link.transfer();
    await link.transfer();
    await link.shutdown();

    const rows = parse(await readFile(path, 'utf8')) as string[][];
    expect(rows).toHaveLength(1 + 2 * USGS_FEATURE_COUNT);
    expect(rows.filter((row) => row[0] === 'type')).toHaveLength(1);
    expect(rows[0]).toContain('properties.mag');
    expect(rows[0]).toContain('geometry.coordinates');
  });
});
