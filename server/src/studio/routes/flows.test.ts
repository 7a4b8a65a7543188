import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, removeTempDir, simpleFlow, startStudio, type RunningStudio } from '../test-support/harness.js';

describe('flow routes', () => {
  let dataDir: string;
  let studio: RunningStudio;

  beforeEach(async () => {
    dataDir = createTempDir('flows');
    studio = await startStudio(dataDir);
  });

  afterEach(async () => {
    await studio.close();
    removeTempDir(dataDir);
  });

  it('health answers ok', async () => {
    const response = await studio.request('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
  });

  it('node types list built-ins and link', async () => {
    const response = await studio.request('GET', '/api/node-types');
    expect(response.status).toBe(200);
    const ids = response.body.nodeTypes.map((descriptor: { id: string }) => descriptor.id);
    for (const id of ['link', 'http-inlet', 'file-inlet', 'random-int-inlet', 'null-inlet', 'file-outlet', 'csv-outlet', 'mongo-outlet', 'console-outlet', 'null-outlet']) {
      expect(ids).toContain(id);
    }
    const link = response.body.nodeTypes.find((descriptor: { id: string }) => descriptor.id === 'link');
    expect(link.kind).toBe('link');
    expect(link.configSchema.properties.interval).toBeDefined();
    expect(link.defaults.tags).toEqual([]);
    expect(response.body.problems).toEqual([]);
  });

  it('create, read, list, update and delete a flow', async () => {
    const body = simpleFlow({ name: 'Numbers', inlet: { type: 'null-inlet' }, outlet: { type: 'null-outlet' } });
    const created = await studio.request('POST', '/api/flows', body);
    expect(created.status).toBe(201);
    expect(created.body.id).toEqual(expect.any(String));
    expect(created.body.version).toBe(1);
    expect(created.body.name).toBe('Numbers');
    expect(created.body.nodes).toHaveLength(3);
    const id = created.body.id;

    const read = await studio.request('GET', `/api/flows/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.edges).toEqual(body.edges);

    const listed = await studio.request('GET', '/api/flows');
    expect(listed.body).toEqual([expect.objectContaining({ id, name: 'Numbers', version: 1, deployed: false })]);

    const updated = await studio.request('PUT', `/api/flows/${id}`, { ...body, name: 'Renamed', version: 1 });
    expect(updated.status).toBe(200);
    expect(updated.body.version).toBe(2);
    expect(updated.body.name).toBe('Renamed');

    const deleted = await studio.request('DELETE', `/api/flows/${id}`);
    expect(deleted.status).toBe(204);
    const missing = await studio.request('GET', `/api/flows/${id}`);
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('DBS_FLOW_NOT_FOUND');
  });

  it('stale version gets 409 and keeps the flow', async () => {
    const body = simpleFlow({ name: 'Original', inlet: { type: 'null-inlet' }, outlet: { type: 'null-outlet' } });
    const created = await studio.request('POST', '/api/flows', body);
    const id = created.body.id;
    await studio.request('PUT', `/api/flows/${id}`, { ...body, name: 'Second', version: 1 });

    const stale = await studio.request('PUT', `/api/flows/${id}`, { ...body, name: 'Overwrite', nodes: [], version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('DBS_FLOW_VERSION_CONFLICT');
    expect(stale.body.message).toContain('version 2');

    const stored = await studio.request('GET', `/api/flows/${id}`);
    expect(stored.body.name).toBe('Second');
    expect(stored.body.version).toBe(2);
    expect(stored.body.nodes).toHaveLength(3);
  });

  it('invalid body gets 400 naming the field', async () => {
    const noName = await studio.request('POST', '/api/flows', { name: '', nodes: [] });
    expect(noName.status).toBe(400);
    expect(noName.body.code).toBe('DBS_VALIDATION');
    expect(noName.body.fields).toEqual([expect.objectContaining({ field: 'name' })]);
    expect(noName.body.message).toContain('"name"');

    const badNode = await studio.request('POST', '/api/flows', { name: 'x', nodes: [{ id: 'a', kind: 'pipe', type: 't', position: { x: 0, y: 0 } }] });
    expect(badNode.status).toBe(400);
    expect(badNode.body.fields.map((field: { field: string }) => field.field)).toContain('nodes.0.kind');

    const created = await studio.request('POST', '/api/flows', { name: 'ok' });
    const noVersion = await studio.request('PUT', `/api/flows/${created.body.id}`, { name: 'ok' });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.fields.map((field: { field: string }) => field.field)).toContain('version');

    const notJson = await studio.request('POST', '/api/flows', '{"name":');
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe('DBS_REQUEST_INVALID');
  });

  it('unknown flows and routes get 404', async () => {
    for (const [method, url] of [
      ['GET', '/api/flows/nope'],
      ['PUT', '/api/flows/nope'],
      ['DELETE', '/api/flows/nope'],
      ['POST', '/api/flows/nope/deploy'],
      ['POST', '/api/flows/nope/stop'],
      ['GET', '/api/flows/nope/transfers'],
      ['GET', '/api/flows/nope/deployment'],
    ] as const) {
      const response = await studio.request(method, url, method === 'PUT' ? { name: 'x', version: 1 } : undefined);
      expect(response.status, `${method} ${url}`).toBe(404);
      expect(response.body.code, `${method} ${url}`).toBe('DBS_FLOW_NOT_FOUND');
    }

    const route = await studio.request('GET', '/api/nothing-here');
    expect(route.status).toBe(404);
    expect(route.body.code).toBe('DBS_ROUTE_NOT_FOUND');
  });

  it('page paths get the build page without a client', async () => {
    const response = await fetch(`${studio.baseUrl}/flows/abc`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(await response.text()).toContain('npm run build');
  });
});
