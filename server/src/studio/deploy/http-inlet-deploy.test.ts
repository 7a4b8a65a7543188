import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../config.js';
import { createTempDir, removeTempDir, simpleFlow, startStudio, waitFor, type RunningStudio } from '../test-support/harness.js';

const FEED_FILE = path.join(REPO_ROOT, 'examples', 'data', 'usgs-earthquakes-week.geojson');
const FEED_PATH = '/earthquakes/feed/v1.0/summary/all_week.geojson';

describe('HTTP inlet deploy', () => {
  let dataDir: string;
  let studio: RunningStudio;
  let feedServer: Server;
  let feedUrl: string;

  beforeEach(async () => {
    dataDir = createTempDir('http');
    feedServer = createServer((request, response) => {
      if (request.url !== FEED_PATH) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/geo+json' });
      createReadStream(FEED_FILE).pipe(response);
    });
    await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
    feedUrl = `http://127.0.0.1:${(feedServer.address() as AddressInfo).port}${FEED_PATH}`;
    studio = await startStudio(dataDir);
  });

  afterEach(async () => {
    await studio.close();
    await new Promise((resolve) => feedServer.close(resolve));
    removeTempDir(dataDir);
  });

  it('feed of earthquakes becomes CSV rows', async () => {
    const featureCount = (JSON.parse(readFileSync(FEED_FILE, 'utf8')) as { features: unknown[] }).features.length;
    const created = await studio.request(
      'POST',
      '/api/flows',
      simpleFlow({
        name: 'Quakes',
        inlet: { type: 'http-inlet', config: { url: feedUrl, recordsPath: 'features' } },
        outlet: { type: 'csv-outlet', config: { path: 'quakes.csv', columns: ['id', 'properties.mag', 'properties.place'] } },
        link: { tags: ['quakes'] },
      }),
    );
    const id = created.body.id;

    expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    const transfer = await waitFor(async () => {
      const response = await studio.request('GET', `/api/flows/${id}/transfers`);
      return response.body[0];
    }, 15_000, 'first transfer');
    expect(transfer, `transfer error: ${transfer.error}`).toMatchObject({ update: 'quakes.0', status: 'ok', recordsIn: featureCount, recordsOut: featureCount });

    const csvPath = path.join(studio.config.filesRoot, 'quakes.csv');
    expect(existsSync(csvPath)).toBe(true);
    const rows = readFileSync(csvPath, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('id,properties.mag,properties.place');
    expect(rows).toHaveLength(featureCount + 1);

    studio.app.studio.hub.flushAll();
    const lines = studio.app.studio.logs.after(id, 0);
    const count = featureCount.toLocaleString('en-US');
    expect(lines.some((line) => new RegExp(`^Transfer quakes\\.0 finished: ${count} records in, ${count} out in [\\d,]+ ms$`).test(line.message))).toBe(true);
  });
});
