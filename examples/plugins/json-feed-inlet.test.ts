import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Link, Outlet, type DataRecord, type Inlet } from '../../server/src/engine/index.js';
import { createNodeContext, instantiateNode, loadPlugins, type NodeTypeDefinition } from '../../server/src/registry/index.js';

const PLUGINS_DIR = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES_DIR = path.join(PLUGINS_DIR, 'fixtures');
const PLUGIN_FILE = path.join(PLUGINS_DIR, 'json-feed-inlet.ts');
const silent = pino({ level: 'silent' });

/** Keeps every record pushed to it. */
class MemoryOutlet extends Outlet {
  readonly records: DataRecord[] = [];

  push(records: DataRecord[]): void {
    this.records.push(...records);
  }
}

interface FeedServer {
  url: string;
  /** Body served at each path; a number serves that HTTP status with a short body. */
  routes: Map<string, { body: string | number; contentType?: string }>;
  requests: { path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

async function startFeedServer(): Promise<FeedServer> {
  const routes: FeedServer['routes'] = new Map();
  const requests: FeedServer['requests'] = [];
  const server: Server = createServer((request, response) => {
    requests.push({ path: request.url ?? '', headers: request.headers });
    const route = routes.get(request.url ?? '');
    if (!route) {
      response.writeHead(404).end('not found');
      return;
    }
    if (typeof route.body === 'number') {
      response.writeHead(route.body, { 'content-type': 'text/plain' }).end('feed generator crashed');
      return;
    }
    response.writeHead(200, { 'content-type': route.contentType ?? 'application/octet-stream' }).end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

let feedServer: FeedServer;
let definition: NodeTypeDefinition;

beforeEach(async () => {
  feedServer = await startFeedServer();
  feedServer.routes.set('/feed.json', { body: readFileSync(path.join(FIXTURES_DIR, 'feed.json'), 'utf8'), contentType: 'application/feed+json' });
  feedServer.routes.set('/rss.xml', { body: readFileSync(path.join(FIXTURES_DIR, 'feed.rss.xml'), 'utf8'), contentType: 'application/rss+xml' });
  feedServer.routes.set('/atom.xml', { body: readFileSync(path.join(FIXTURES_DIR, 'feed.atom.xml'), 'utf8'), contentType: 'application/atom+xml' });

  // Load the plugin the way the studio does: from the plugins folder, through the SDK.
  const loaded = await loadPlugins({ pluginsDir: PLUGINS_DIR, nodeModulesDirs: [], logger: silent });
  expect(loaded.problems).toEqual([]);
  const found = loaded.definitions.find((entry) => entry.definition.type === 'examples.json-feed-inlet');
  expect(found?.source).toBe(PLUGIN_FILE);
  definition = found!.definition;
});

afterEach(async () => {
  await feedServer.close();
});

async function feedLink(config: Record<string, unknown>) {
  const context = createNodeContext({ flowId: 'flow-feed', nodeId: 'feed', logger: silent, filesRoot: PLUGINS_DIR });
  const inlet = (await instantiateNode(definition, config, context, { source: PLUGIN_FILE })) as Inlet;
  const outlet = new MemoryOutlet();
  const link = new Link({ inlets: [inlet], outlets: [outlet], interval: { minutes: 5 }, tags: ['feed'], logger: silent });
  return { link, outlet, context };
}

describe('json-feed-inlet', () => {
  it('reads a JSON Feed into one record per item', async () => {
    const { link, outlet } = await feedLink({ url: `${feedServer.url}/feed.json` });

    await link.transfer();
    await link.shutdown();

    expect(outlet.records).toHaveLength(2);
    const [first, second] = outlet.records;
    expect(first.payload).toEqual({
      id: 'https://notes.example.org/2026/11/rain-gauges',
      url: 'https://notes.example.org/2026/11/rain-gauges',
      title: 'Calibrating the rain gauges',
      summary: 'Three gauges drifted by 4% over the autumn.',
      content: '<p>Three gauges drifted by <strong>4%</strong> over the autumn.</p>',
      published: '2026-11-28T08:30:00.000Z',
      updated: undefined,
      authors: ['Ingrid Halvorsen'],
      tags: ['weather', 'hardware'],
    });
    expect(first.metadata).toMatchObject({ feedTitle: 'Databay field notes', feedFormat: 'json-feed', __inlet__: 'feed' });
    expect(second.payload).toMatchObject({ content: 'The USGS feed now reaches the dashboard in under a minute.', updated: '2026-11-21T08:15:00.000Z' });
  });

  it('produces only new items on later transfers', async () => {
    const { link, outlet } = await feedLink({ url: `${feedServer.url}/feed.json` });
    await link.transfer();
    await link.transfer();
    expect(outlet.records).toHaveLength(2);

    const document = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'feed.json'), 'utf8'));
    document.items.unshift({ id: 'new-item', title: 'Snow on the anemometer', date_published: '2026-12-04T07:00:00Z' });
    feedServer.routes.set('/feed.json', { body: JSON.stringify(document), contentType: 'application/feed+json' });
    await link.transfer();
    await link.shutdown();

    expect(outlet.records.map((record) => (record.payload as { id: string }).id)).toEqual([
      'https://notes.example.org/2026/11/rain-gauges',
      'https://notes.example.org/2026/11/quake-alerts',
      'new-item',
    ]);
  });

  it('repeats items when newItemsOnly is off and caps them with maxItems', async () => {
    const { link, outlet } = await feedLink({ url: `${feedServer.url}/feed.json`, newItemsOnly: false, maxItems: 1 });

    await link.transfer();
    await link.transfer();
    await link.shutdown();

    expect(outlet.records.map((record) => (record.payload as { title: string }).title)).toEqual([
      'Calibrating the rain gauges',
      'Calibrating the rain gauges',
    ]);
  });

  it('reads an RSS feed with CDATA and entities', async () => {
    const { link, outlet } = await feedLink({ url: `${feedServer.url}/rss.xml` });

    await link.transfer();
    await link.shutdown();

    expect(outlet.records.map((record) => record.payload)).toEqual([
      {
        id: 'tides-2026-12-04',
        url: 'https://tides.example.org/2026/12/spring-tide',
        title: 'Spring tide on Friday',
        summary: 'High water at <b>06:12</b>, 5.4 m & rising.',
        content: undefined,
        published: '2026-12-04T05:00:00.000Z',
        updated: undefined,
        authors: ['Harbour master'],
        tags: ['tides', 'forecast'],
      },
      {
        id: 'https://tides.example.org/2026/12/buoy-7',
        url: 'https://tides.example.org/2026/12/buoy-7',
        title: 'Buoy 7 back online',
        summary: 'The buoy reports wave height <1 m again.',
        content: undefined,
        published: '2026-12-02T16:45:00.000Z',
        updated: undefined,
        authors: [],
        tags: [],
      },
    ]);
    expect(outlet.records[0].metadata).toMatchObject({ feedTitle: 'Harbour & tide log', feedFormat: 'rss' });
  });

  it('reads an Atom feed with its alternate link and category terms', async () => {
    const { link, outlet } = await feedLink({ url: `${feedServer.url}/atom.xml` });

    await link.transfer();
    await link.shutdown();

    expect(outlet.records.map((record) => record.payload)).toEqual([
      {
        id: 'urn:uuid:1a7e8f7e-09a8-4c0e-b6a1-2f4f5f8c9d01',
        url: 'https://releases.example.org/2.4',
        title: 'Firmware 2.4 for the weather stations',
        summary: "Fixes the humidity sensor's drift.",
        content: "<p>Fixes the humidity sensor&apos;s drift.</p>",
        published: '2026-12-03T10:00:00.000Z',
        updated: '2026-12-03T12:00:00.000Z',
        authors: ['Release team'],
        tags: ['firmware', 'stations'],
      },
    ]);
    expect(outlet.records[0].metadata).toMatchObject({ feedTitle: 'Station releases', feedFormat: 'atom' });
  });

  it('sends the configured headers', async () => {
    const { link } = await feedLink({ url: `${feedServer.url}/feed.json`, headers: { 'x-api-key': 'test-key' } });

    await link.transfer();
    await link.shutdown();

    expect(feedServer.requests).toHaveLength(1);
    expect(feedServer.requests[0].headers['x-api-key']).toBe('test-key');
    expect(feedServer.requests[0].headers.accept).toContain('application/feed+json');
  });

  it('fails the transfer naming the plugin on an HTTP error', async () => {
    feedServer.routes.set('/broken.json', { body: 500 });
    const { link, outlet } = await feedLink({ url: `${feedServer.url}/broken.json` });
    const failures: Error[] = [];
    link.on('nodeFailed', (event) => failures.push(event.error));

    await expect(link.transfer()).rejects.toThrow();
    await link.shutdown();

    expect(outlet.records).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toContain(`Node type "examples.json-feed-inlet" from ${PLUGIN_FILE} failed in pull`);
    expect(failures[0].message).toContain('returned HTTP 500');
  });

  it('rejects a response that is no feed', async () => {
    feedServer.routes.set('/page.html', { body: '<!doctype html><html><body>Hello</body></html>', contentType: 'text/html' });
    const { link } = await feedLink({ url: `${feedServer.url}/page.html` });
    const failures: Error[] = [];
    link.on('nodeFailed', (event) => failures.push(event.error));

    await expect(link.transfer()).rejects.toThrow();
    await link.shutdown();

    expect(failures[0].message).toContain('is not a JSON Feed, RSS or Atom document');
  });

  it('rejects a config without a valid URL', async () => {
    const context = createNodeContext({ flowId: 'flow-feed', nodeId: 'feed', logger: silent, filesRoot: PLUGINS_DIR });

    await expect(instantiateNode(definition, { url: 'not a url' }, context, { source: PLUGIN_FILE })).rejects.toThrow(
      /Invalid config for node "feed" of type "examples.json-feed-inlet": url: /,
    );
  });
});
