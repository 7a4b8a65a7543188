import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpTestServer, type HttpTestServer } from './test-support/http-test-server.js';
import { sendUsgsFeed, USGS_FEATURE_COUNT, USGS_FEED_PATH } from './test-support/usgs-feed.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const builtEntry = join(repoRoot, 'server', 'dist', 'index.js');

// The classic Databay example, as a user writes it in an ESM file of their own.
const userScript = `
import { DataRecord, Update, Inlet, Outlet, Link, NodeSchedulePlanner, BullMQPlanner, TransferWorker,
         HttpInlet, FileInlet, RandomIntInlet, NullInlet,
         FileOutlet, CsvOutlet, MongoOutlet, ConsoleOutlet, NullOutlet,
         linksFromFlow, InvalidFlowError, createRegistry, loadNodeTypes } from '@databay-studio/server';

const [url, csvPath] = process.argv.slice(2);
const exported = { DataRecord, Update, Inlet, Outlet, Link, NodeSchedulePlanner, BullMQPlanner, TransferWorker, HttpInlet, FileInlet,
  RandomIntInlet, NullInlet, FileOutlet, CsvOutlet, MongoOutlet, ConsoleOutlet, NullOutlet,
  linksFromFlow, InvalidFlowError, createRegistry, loadNodeTypes };
const missing = Object.entries(exported).filter(([, value]) => typeof value !== 'function').map(([name]) => name);
if (missing.length > 0) throw new Error('missing exports: ' + missing.join(', '));

const link = new Link({ inlets: [new HttpInlet({ url, recordsPath: 'features' })],
                        outlets: [new CsvOutlet({ path: csvPath })],
                        interval: { seconds: 5 }, tags: ['quakes'] });
const updates = [];
link.on('transferFinished', ({ update, status }) => updates.push(update.toString() + ':' + status));
const planner = new NodeSchedulePlanner({ links: [link] });
await planner.start();
await planner.shutdown({ wait: true });
console.log(JSON.stringify({ updates, running: planner.running }));
`;

describe('library contract', () => {
  let folder: string;
  let feed: HttpTestServer;

  beforeAll(async () => {
    // Inside the repository, so that '@databay-studio/server' resolves as the workspace package.
    folder = await mkdtemp(join(repoRoot, '.library-contract-'));
    feed = await startHttpTestServer((request, response) => {
      if (request.url === USGS_FEED_PATH) sendUsgsFeed(request, response);
      else response.writeHead(404).end();
    });
  });

  afterAll(async () => {
    await feed.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('runs the classic example from the built package', async () => {
    expect(existsSync(builtEntry), `${builtEntry} is missing: run npm run build first`).toBe(true);
    const scriptPath = join(folder, 'quakes.mjs');
    const csvPath = join(folder, 'quakes.csv');
    await writeFile(scriptPath, userScript);

    const { stdout } = await run(process.execPath, [scriptPath, `${feed.baseUrl}${USGS_FEED_PATH}`, csvPath], {
      cwd: folder,
      env: { ...process.env, DATABAY_LOG_LEVEL: 'warn' },
    });
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);

    expect(summary.updates).toEqual(['quakes.0:ok']);
    expect(summary.running).toBe(false);

    const rows: Record<string, string>[] = parse(await readFile(csvPath, 'utf8'), { columns: true });
    expect(rows).toHaveLength(USGS_FEATURE_COUNT);
    expect(rows[0]['properties.mag']).not.toBe('');
    expect(rows[0]['properties.place']).not.toBe('');
    expect(JSON.parse(rows[0]['geometry.coordinates'])).toHaveLength(3);
  });
});
