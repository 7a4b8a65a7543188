import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createBuiltinRegistry } from '../app.js';
import { REPO_ROOT } from '../config.js';
import { checkFlow } from '../deploy/validate.js';
import { createTempDir, removeTempDir, startStudio, waitFor, type RunningStudio } from '../test-support/harness.js';
import { ExampleCatalogue } from './catalogue.js';

describe('examples', () => {
  let dataDir: string | undefined;
  let studio: RunningStudio | undefined;

  afterEach(async () => {
    await studio?.close();
    studio = undefined;
    if (dataDir) removeTempDir(dataDir);
  });

  it('every shipped example is a valid flow', () => {
    const catalogue = new ExampleCatalogue(path.join(REPO_ROOT, 'examples'), pino({ level: 'silent' }));
    const registry = createBuiltinRegistry();
    const examples = catalogue.list();
    expect(examples.map((example) => example.id)).toEqual(expect.arrayContaining(['seattle-weather-jsonl', 'usgs-earthquakes-csv']));
    for (const example of examples) {
      const { problems } = checkFlow(catalogue.get(example.id)!.flow, registry);
      expect(problems, example.id).toEqual([]);
    }
  });

  it('listing and creating a flow from an example', async () => {
    dataDir = createTempDir('examples');
    studio = await startStudio(dataDir);

    const listed = await studio.request('GET', '/api/examples');
    expect(listed.status).toBe(200);
    const usgs = listed.body.find((example: { id: string }) => example.id === 'usgs-earthquakes-csv');
    expect(usgs).toMatchObject({ name: 'USGS earthquakes to CSV', network: true });
    expect(listed.body.find((example: { id: string }) => example.id === 'seattle-weather-jsonl')).toMatchObject({ network: false });

    const created = await studio.request('POST', '/api/examples/usgs-earthquakes-csv');
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'USGS earthquakes to CSV', version: 1 });
    expect(created.body.nodes.find((node: { id: string }) => node.id === 'usgs-feed').config).toMatchObject({
      url: 'https://earthquake.usgs.gov/earthquakes/feed/v1.0/summary/all_week.geojson',
      recordsPath: 'features',
    });

    const missing = await studio.request('POST', '/api/examples/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('DBS_EXAMPLE_NOT_FOUND');
  });

  it('first start creates a working example flow', async () => {
    dataDir = createTempDir('first-start');
    studio = await startStudio(dataDir, { seedExamples: true });

    const flows = await studio.request('GET', '/api/flows');
    expect(flows.body).toHaveLength(1);
    expect(flows.body[0].name).toBe('Seattle weather to JSONL');
    const csv = path.join(studio.config.filesRoot, 'seattle-weather.csv');
    expect(readFileSync(csv, 'utf8')).toBe(readFileSync(path.join(REPO_ROOT, 'examples', 'data', 'seattle-weather.csv'), 'utf8'));

    const id = flows.body[0].id;
    expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    const output = path.join(studio.config.filesRoot, 'seattle-weather.jsonl');
    const rowCount = readFileSync(csv, 'utf8').trim().split('\n').length - 1;
    await waitFor(() => existsSync(output) && readFileSync(output, 'utf8').trim().split('\n').length === rowCount, 10_000, 'seattle-weather.jsonl');
    expect(JSON.parse(readFileSync(output, 'utf8').split('\n')[0])).toEqual({
      date: '2012-01-01',
      precipitation: '0.0',
      temp_max: '12.8',
      temp_min: '5.0',
      wind: '4.7',
      weather: 'drizzle',
    });

    // A second start on the same store does not create the example again, even after it was deleted.
    await studio.request('DELETE', `/api/flows/${id}`);
    await studio.close();
    studio = await startStudio(dataDir, { seedExamples: true });
    expect((await studio.request('GET', '/api/flows')).body).toEqual([]);
  });
});
