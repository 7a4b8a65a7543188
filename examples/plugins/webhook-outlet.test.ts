import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Inlet, Link, type Outlet } from '../../server/src/engine/index.js';
import { createNodeContext, instantiateNode, loadPlugins, type NodeTypeDefinition } from '../../server/src/registry/index.js';

const PLUGINS_DIR = path.dirname(fileURLToPath(import.meta.url));
const PLUGIN_FILE = path.join(PLUGINS_DIR, 'webhook-outlet.mjs');
const silent = pino({ level: 'silent' });

/** Returns the next batch of payloads on each pull; nothing once they run out. */
class BatchInlet extends Inlet {
  constructor(private readonly batches: unknown[][]) {
    super({ name: 'readings', metadata: { station: 'north-pier' } });
  }

  pull(): unknown[] {
    return this.batches.shift() ?? [];
  }
}

interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

interface WebhookServer {
  url: string;
  requests: RecordedRequest[];
  /** HTTP status of the server's responses: 204 unless a test sets another. */
  status: number;
  close(): Promise<void>;
}

async function startWebhookServer(): Promise<WebhookServer> {
  const state: WebhookServer = { url: '', requests: [], status: 204, close: async () => undefined };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      state.requests.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: text ? JSON.parse(text) : undefined });
      if (state.status >= 400) response.writeHead(state.status, { 'content-type': 'text/plain' }).end('rate limit reached, retry later');
      else response.writeHead(state.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}/hooks/readings`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

let webhook: WebhookServer;
let definition: NodeTypeDefinition;

beforeEach(async () => {
  webhook = await startWebhookServer();

  // Load the plugin the way the studio does: from the plugins folder, through the SDK.
  const loaded = await loadPlugins({ pluginsDir: PLUGINS_DIR, nodeModulesDirs: [], logger: silent });
  expect(loaded.problems).toEqual([]);
  const found = loaded.definitions.find((entry) => entry.definition.type === 'examples.webhook-outlet');
  expect(found?.source).toBe(PLUGIN_FILE);
  definition = found!.definition;
});

afterEach(async () => {
  await webhook.close();
});

async function webhookLink(config: Record<string, unknown>, batches: unknown[][]) {
  const context = createNodeContext({ flowId: 'flow-hook', nodeId: 'hook', logger: silent, filesRoot: PLUGINS_DIR });
  const outlet = (await instantiateNode(definition, config, context, { source: PLUGIN_FILE })) as Outlet;
  const link = new Link({ inlets: [new BatchInlet(batches)], outlets: [outlet], interval: { minutes: 5 }, tags: ['readings'], logger: silent });
  return link;
}

describe('webhook-outlet', () => {
  it('posts each batch as JSON with its update', async () => {
    const link = await webhookLink({ url: webhook.url }, [[{ level: 1.2 }, { level: 1.4 }], [{ level: 1.9 }]]);

    await link.transfer();
    await link.transfer();
    await link.shutdown();

    expect(webhook.requests).toHaveLength(2);
    const [first, second] = webhook.requests;
    expect(first.method).toBe('POST');
    expect(first.path).toBe('/hooks/readings');
    expect(first.headers['content-type']).toBe('application/json');
    expect(first.body.update).toBe('readings.0');
    expect(first.body.records).toEqual([{ level: 1.2 }, { level: 1.4 }]);
    expect(Number.isNaN(Date.parse(first.body.sentAt))).toBe(false);
    expect(second.body.update).toBe('readings.1');
    expect(second.body.records).toEqual([{ level: 1.9 }]);
  });

  it('sends metadata, headers and authorization when configured', async () => {
    const link = await webhookLink(
      { url: webhook.url, method: 'PUT', includeMetadata: true, headers: { 'x-source': 'databay' }, authorization: 'Bearer test-token' },
      [[{ level: 2 }]],
    );

    await link.transfer();
    await link.shutdown();

    expect(webhook.requests).toHaveLength(1);
    const [request] = webhook.requests;
    expect(request.method).toBe('PUT');
    expect(request.headers['x-source']).toBe('databay');
    expect(request.headers.authorization).toBe('Bearer test-token');
    expect(request.body.records).toEqual([{ payload: { level: 2 }, metadata: { station: 'north-pier', __inlet__: 'readings' } }]);
  });

  it('sends nothing for a transfer without records', async () => {
    const link = await webhookLink({ url: webhook.url }, [[]]);

    await link.transfer();
    await link.shutdown();

    expect(webhook.requests).toHaveLength(0);
  });

  it('fails the transfer naming the plugin and the status', async () => {
    webhook.status = 429;
    const link = await webhookLink({ url: webhook.url }, [[{ level: 3 }]]);
    const failures: Error[] = [];
    link.on('nodeFailed', (event) => failures.push(event.error));

    await expect(link.transfer()).rejects.toThrow();
    await link.shutdown();

    expect(webhook.requests).toHaveLength(1);
    expect(failures).toHaveLength(1);
    expect(failures[0].message).toContain(`Node type "examples.webhook-outlet" from ${PLUGIN_FILE} failed in push`);
    expect(failures[0].message).toContain('returned HTTP 429');
    expect(failures[0].message).toContain('rate limit reached');
  });

  it('marks authorization as a secret in its JSON Schema', async () => {
    const { describe: describeType } = await import('../../server/src/registry/index.js');

    const descriptor = describeType(definition, PLUGIN_FILE);

    expect((descriptor.configSchema.properties as Record<string, { secret?: boolean }>).authorization.secret).toBe(true);
    expect(descriptor.defaults).toEqual({ method: 'POST', headers: {}, includeMetadata: false, timeoutMs: 10_000, processors: [] });
  });
});
