import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTempDir,
  removeTempDir,
  simpleFlow,
  startStudio,
  waitFor,
  type RunningStudio,
} from '../test-support/harness.js';
import { createCounters, createTestRegistry, type TestNodeCounters } from '../test-support/test-node-types.js';

describe('deployment routes', () => {
  let dataDir: string;
  let studio: RunningStudio;
  let counters: TestNodeCounters;

  beforeEach(async () => {
    dataDir = createTempDir('deploy');
    counters = createCounters();
    studio = await startStudio(dataDir, { registry: createTestRegistry(counters), transfersPerLink: 5 });
  });

  afterEach(async () => {
    await studio.close();
    removeTempDir(dataDir);
  });

  async function createFlow(body: unknown): Promise<string> {
    const created = await studio.request('POST', '/api/flows', body);
    expect(created.status).toBe(201);
    return created.body.id;
  }

  it('invalid flow gets 422 listing every problem', async () => {
    const id = await createFlow({
      name: 'Broken',
      nodes: [
        { id: 'unknown', kind: 'inlet', type: 'no-such-type', position: { x: 0, y: 0 } },
        { id: 'file', kind: 'inlet', type: 'file-inlet', position: { x: 0, y: 0 }, config: { path: '', format: 'xml' } },
        { id: 'bad-interval', kind: 'link', type: 'link', position: { x: 0, y: 0 }, config: { interval: { seconds: 0 } } },
        { id: 'no-outlet', kind: 'link', type: 'link', position: { x: 0, y: 0 }, config: {} },
        { id: 'no-inlet', kind: 'link', type: 'link', position: { x: 0, y: 0 }, config: {} },
        { id: 'out', kind: 'outlet', type: 'null-outlet', position: { x: 0, y: 0 } },
        { id: 'no-url', kind: 'inlet', type: 'http-inlet', position: { x: 0, y: 0 }, config: {} },
      ],
      edges: [
        { id: 'e1', source: 'unknown', target: 'bad-interval' },
        { id: 'e6', source: 'no-url', target: 'bad-interval' },
        { id: 'e2', source: 'bad-interval', target: 'out' },
        { id: 'e3', source: 'file', target: 'no-outlet' },
        { id: 'e4', source: 'no-inlet', target: 'out' },
        { id: 'e5', source: 'file', target: 'out' },
      ],
    });

    const response = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('DBS_DEPLOY_INVALID');
    const errors: { nodeId: string; field?: string; message: string }[] = response.body.errors;
    const find = (nodeId: string, text: string) => errors.find((error) => error.nodeId === nodeId && error.message.includes(text));

    expect(find('unknown', 'Unknown node type "no-such-type"')?.field).toBe('type');
    expect(errors.some((error) => error.nodeId === 'file' && error.field === 'path')).toBe(true);
    expect(errors.some((error) => error.nodeId === 'file' && error.field === 'format')).toBe(true);
    expect(errors.some((error) => error.nodeId === 'bad-interval' && error.field === 'interval')).toBe(true);
    expect(find('no-outlet', 'no outlet')).toBeDefined();
    expect(find('no-inlet', 'no inlet')).toBeDefined();
    expect(find('out', 'Edge "e5"')).toBeDefined();
    expect(find('no-url', 'Missing required option "url"')?.field).toBe('url');
    expect(response.body.message).toContain(`${errors.length} problems`);
    expect(response.body.message).toMatch(/^Flow "Broken" cannot be deployed/);
    expect(response.body.message).not.toContain(id);
    expect(response.body.flowId).toBe(id);

    const deployment = await studio.request('GET', `/api/flows/${id}/deployment`);
    expect(deployment.body.deployed).toBe(false);
  });

  it('create that throws is a 422 naming type and source', async () => {
    const id = await createFlow(simpleFlow({ inlet: { type: 'test.broken-create-inlet' }, outlet: { type: 'test.collecting-outlet' } }));

    const response = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      {
        nodeId: 'in1',
        message: 'Node type "test.broken-create-inlet" (from studio-tests) failed to create the node: cannot open the test source',
      },
    ]);
    expect(counters.aborted.get('out1')).toBe(true);
  });

  it('file inlet to file outlet writes output', async () => {
    const filesRoot = studio.config.filesRoot;
    mkdirSync(filesRoot, { recursive: true });
    writeFileSync(path.join(filesRoot, 'numbers.csv'), 'n,square\n1,1\n2,4\n3,9\n');
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'file-inlet', config: { path: 'numbers.csv', format: 'csv' } },
        outlet: { type: 'file-outlet', config: { path: 'out/numbers.jsonl', format: 'jsonl' } },
      }),
    );

    const deployed = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(deployed.status).toBe(200);
    expect(deployed.body.deployed).toBe(true);
    expect(deployed.body.version).toBe(1);
    expect(deployed.body.links).toEqual([expect.objectContaining({ linkId: 'l1', tags: ['test'], intervalMs: 60_000 })]);

    const output = path.join(filesRoot, 'out', 'numbers.jsonl');
    await waitFor(() => existsSync(output) && readFileSync(output, 'utf8').trim().split('\n').length === 3, 10_000, 'numbers.jsonl');
    const lines = readFileSync(output, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { n: '1', square: '1' },
      { n: '2', square: '4' },
      { n: '3', square: '9' },
    ]);

    const transfers = await waitFor(async () => {
      const response = await studio.request('GET', `/api/flows/${id}/transfers`);
      return response.body.length > 0 ? response.body : undefined;
    });
    expect(transfers[0]).toMatchObject({ linkId: 'l1', update: 'test.0', recordsIn: 3, recordsOut: 3, status: 'ok' });

    const info = await studio.request('GET', `/api/flows/${id}/deployment`);
    expect(new Date(info.body.links[0].nextTransferAt).getTime()).toBeGreaterThan(Date.now());
    expect(info.body.links[0].lastTransfer).toMatchObject({ update: 'test.0', status: 'ok' });

    const summaries = await studio.request('GET', '/api/flows');
    expect(summaries.body[0]).toMatchObject({ id, deployed: true, deployedVersion: 1 });
  });

  it('redeploy replaces links and shuts nodes once', async () => {
    const body = {
      name: 'Shared inlet',
      nodes: [
        { id: 'in1', kind: 'inlet', type: 'test.counting-inlet', position: { x: 0, y: 0 }, config: { count: 2 } },
        { id: 'l1', kind: 'link', type: 'link', position: { x: 0, y: 0 }, config: { interval: { hours: 1 }, tags: ['a'] } },
        { id: 'l2', kind: 'link', type: 'link', position: { x: 0, y: 0 }, config: { interval: { hours: 1 }, tags: ['b'] } },
        { id: 'out1', kind: 'outlet', type: 'test.collecting-outlet', position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'in1', target: 'l1' },
        { id: 'e2', source: 'in1', target: 'l2' },
        { id: 'e3', source: 'l1', target: 'out1' },
        { id: 'e4', source: 'l2', target: 'out1' },
      ],
    };
    const id = await createFlow(body);

    expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    expect(counters.creates.get('in1')).toBe(1);
    expect(counters.starts.get('in1')).toBe(1);
    expect(counters.starts.get('out1')).toBe(1);
    expect(counters.shutdowns.get('in1')).toBeUndefined();

    const saved = await studio.request('PUT', `/api/flows/${id}`, { ...body, version: 1, edges: body.edges.filter((edge) => edge.id !== 'e2' && edge.id !== 'e4'), nodes: body.nodes.filter((node) => node.id !== 'l2') });
    expect(saved.body.version).toBe(2);
    const redeployed = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(redeployed.status).toBe(200);
    expect(redeployed.body.version).toBe(2);
    expect(redeployed.body.links.map((link: { linkId: string }) => link.linkId)).toEqual(['l1']);

    expect(counters.shutdowns.get('in1')).toBe(1);
    expect(counters.shutdowns.get('out1')).toBe(1);
    expect(counters.creates.get('in1')).toBe(2);
    expect(counters.starts.get('in1')).toBe(2);
    expect(counters.aborted.get('in1')).toBe(true);

    const stopped = await studio.request('POST', `/api/flows/${id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.deployed).toBe(false);
    expect(counters.shutdowns.get('in1')).toBe(2);
    expect(counters.shutdowns.get('out1')).toBe(2);
  });

  it('run now transfers once and 409 when stopped', async () => {
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'test.counting-inlet', config: { count: 4 } },
        outlet: { type: 'test.collecting-outlet' },
        link: { immediateTransfer: false, interval: { hours: 1 } },
      }),
    );
    const notDeployed = await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);
    expect(notDeployed.status).toBe(409);
    expect(notDeployed.body.code).toBe('DBS_FLOW_NOT_DEPLOYED');

    await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(counters.pushed.get('out1')).toBeUndefined();

    const ran = await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);
    expect(ran.status).toBe(200);
    expect(ran.body.transfer).toMatchObject({ linkId: 'l1', update: 'test.0', recordsIn: 4, recordsOut: 4, status: 'ok' });
    expect(counters.pushed.get('out1')).toEqual([0, 1, 2, 3]);

    const unknownLink = await studio.request('POST', `/api/flows/${id}/links/nope/transfer`);
    expect(unknownLink.status).toBe(404);
    expect(unknownLink.body.code).toBe('DBS_LINK_NOT_FOUND');

    await studio.request('POST', `/api/flows/${id}/stop`);
    const afterStop = await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);
    expect(afterStop.status).toBe(409);
    const summaries = await studio.request('GET', '/api/flows');
    expect(summaries.body[0].deployed).toBe(false);
  });

  it('transfers list is newest first and bounded', async () => {
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'test.counting-inlet', config: { count: 1 } },
        outlet: { type: 'test.collecting-outlet' },
        link: { immediateTransfer: false, interval: { hours: 1 } },
      }),
    );
    await studio.request('POST', `/api/flows/${id}/deploy`);
    for (let index = 0; index < 8; index += 1) {
      expect((await studio.request('POST', `/api/flows/${id}/links/l1/transfer`)).status).toBe(200);
    }

    const all = await studio.request('GET', `/api/flows/${id}/transfers`);
    expect(all.body.map((transfer: { update: string }) => transfer.update)).toEqual(['test.7', 'test.6', 'test.5', 'test.4', 'test.3']);
    const two = await studio.request('GET', `/api/flows/${id}/transfers?limit=2`);
    expect(two.body.map((transfer: { update: string }) => transfer.update)).toEqual(['test.7', 'test.6']);

    const badLimit = await studio.request('GET', `/api/flows/${id}/transfers?limit=zero`);
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.fields[0].field).toBe('limit');
  });

  it('failed transfer is stored without the secret', async () => {
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'test.counting-inlet', config: { count: 1 } },
        outlet: { type: 'test.failing-outlet', config: { token: 'hunter2-secret' } },
        link: { immediateTransfer: false },
      }),
    );
    await studio.request('POST', `/api/flows/${id}/deploy`);
    const ran = await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);
    expect(ran.status).toBe(200);
    expect(ran.body.transfer.status).toBe('failed');
    expect(ran.body.transfer.error).toContain('[redacted]');
    expect(ran.body.transfer.error).not.toContain('hunter2-secret');

    // Scheduling goes on after a failed transfer.
    const info = await studio.request('GET', `/api/flows/${id}/deployment`);
    expect(info.body.deployed).toBe(true);
    expect(info.body.links[0].nextTransferAt).toEqual(expect.any(String));

    studio.app.studio.hub.flushAll();
    const stored = studio.app.studio.logs.after(id, 0);
    expect(stored.some((line) => line.level === 'error' && line.nodeId === 'out1')).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('hunter2-secret');
  });

  it('delete stops a deployed flow', async () => {
    const id = await createFlow(simpleFlow({ inlet: { type: 'test.counting-inlet' }, outlet: { type: 'test.collecting-outlet' } }));
    await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(counters.starts.get('in1')).toBe(1);

    expect((await studio.request('DELETE', `/api/flows/${id}`)).status).toBe(204);
    expect(counters.shutdowns.get('in1')).toBe(1);
    expect(studio.app.studio.deployments.isDeployed(id)).toBe(false);
  });

  it('server log never shows the secret', async () => {
    await studio.close();
    const serverLines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => serverLines.push(line) });
    studio = await startStudio(dataDir, { registry: createTestRegistry(counters), logger });
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'test.logging-inlet', config: { message: 'token is hunter2-secret' } },
        outlet: { type: 'test.failing-outlet', config: { token: 'hunter2-secret' } },
        link: { immediateTransfer: false },
      }),
    );
    await studio.request('POST', `/api/flows/${id}/deploy`);
    await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);
    await studio.request('POST', `/api/flows/${id}/stop`);

    expect(serverLines.some((line) => line.includes('[redacted]'))).toBe(true);
    expect(serverLines.some((line) => line.includes('Node failed'))).toBe(true);
    expect(serverLines.filter((line) => line.includes('hunter2-secret'))).toEqual([]);
  });

  it('overlapping ticks are stored as skipped', async () => {
    const id = await createFlow(
      simpleFlow({
        inlet: { type: 'test.counting-inlet', config: { count: 1, delayMs: 400 } },
        outlet: { type: 'test.collecting-outlet' },
        link: { interval: { milliseconds: 100 } },
      }),
    );
    await studio.request('POST', `/api/flows/${id}/deploy`);

    const skipped = await waitFor(async () => {
      const response = await studio.request('GET', `/api/flows/${id}/transfers`);
      return response.body.find((transfer: { status: string }) => transfer.status === 'skipped');
    }, 10_000, 'a skipped transfer');
    expect(skipped.linkId).toBe('l1');
    expect(skipped.update).toMatch(/^test\.\d+$/);
    expect(skipped.error).toContain('was still running');
    await studio.request('POST', `/api/flows/${id}/stop`);

    studio.app.studio.hub.flushAll();
    const warning = studio.app.studio.logs.after(id, 0).find((line) => line.level === 'warn');
    expect(warning?.message).toContain('Transfer skipped');
    expect(warning?.linkId).toBe('l1');
  });

  it('deploy returns before a slow immediate transfer', async () => {
    await studio.close();
    studio = await startStudio(dataDir, { registry: createTestRegistry(counters), deployStartWaitMs: 100 });
    const id = await createFlow(
      simpleFlow({ inlet: { type: 'test.counting-inlet', config: { count: 2, delayMs: 3_000 } }, outlet: { type: 'test.collecting-outlet' } }),
    );

    const startedAt = Date.now();
    const deployed = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(deployed.status).toBe(200);
    expect(Date.now() - startedAt).toBeLessThan(2_500);
    expect(deployed.body.deployed).toBe(true);
    expect(counters.pushed.get('out1')).toBeUndefined();

    await waitFor(() => counters.pushed.get('out1')?.length === 2, 10_000, 'the slow immediate transfer');
    const stopped = await studio.request('POST', `/api/flows/${id}/stop`);
    expect(stopped.body.deployed).toBe(false);
    expect(counters.shutdowns.get('in1')).toBe(1);
  });

  it('stop during a slow start shuts nodes once', async () => {
    await studio.close();
    studio = await startStudio(dataDir, { registry: createTestRegistry(counters), deployStartWaitMs: 100 });
    const id = await createFlow(
      simpleFlow({ inlet: { type: 'test.counting-inlet', config: { count: 2, delayMs: 1_500 } }, outlet: { type: 'test.collecting-outlet' } }),
    );

    expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    const stopped = await studio.request('POST', `/api/flows/${id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.deployed).toBe(false);
    await waitFor(() => counters.shutdowns.get('in1') === 1, 10_000, 'inlet shutdown');
    expect(counters.shutdowns.get('out1')).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(counters.shutdowns.get('in1')).toBe(1);
  });
});
