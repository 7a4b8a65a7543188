import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, removeTempDir, startStudio, type RunningStudio } from '../test-support/harness.js';

describe('client routes', () => {
  let dataDir: string;
  let studio: RunningStudio;

  beforeEach(async () => {
    dataDir = createTempDir('client');
    const clientDir = path.join(dataDir, 'client-dist');
    mkdirSync(path.join(clientDir, 'assets'), { recursive: true });
    writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><title>studio test page</title>');
    writeFileSync(path.join(clientDir, 'assets', 'app.js'), 'console.log("app");');
    studio = await startStudio(dataDir, { config: { clientDir } });
  });

  afterEach(async () => {
    await studio.close();
    removeTempDir(dataDir);
  });

  it('serves index and assets', async () => {
    const index = await fetch(`${studio.baseUrl}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('studio test page');

    const asset = await fetch(`${studio.baseUrl}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
  });

  it('page paths fall back to index.html', async () => {
    const page = await fetch(`${studio.baseUrl}/flows/some-flow?tab=log`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('studio test page');
  });

  it('missing files and API routes get 404', async () => {
    const asset = await studio.request('GET', '/assets/missing.js');
    expect(asset.status).toBe(404);
    expect(asset.body.code).toBe('DBS_ROUTE_NOT_FOUND');

    const api = await studio.request('POST', '/api/flows/x/unknown');
    expect(api.status).toBe(404);
    expect(api.body.code).toBe('DBS_ROUTE_NOT_FOUND');
  });
});
