import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NodeTypesResponse } from '@databay-studio/shared';
import { createTempDir, removeTempDir, simpleFlow, startStudio, waitFor, type RunningStudio } from '../test-support/harness.js';

/** A plugin inlet in the SDK function form whose label and payload come from `version`. */
function counterPlugin(version: number): string {
  return `
export default ({ defineInlet, z }) =>
  defineInlet({
    type: 'acme.counter-inlet',
    label: 'Counter v${version}',
    category: 'Test',
    description: 'Returns its version.',
    config: z.object({ times: z.number().int().default(1) }),
    create: (config) => ({ pull: () => Array.from({ length: config.times }, () => ({ version: ${version} })) }),
  });
`;
}

describe('POST /api/node-types/reload', () => {
  let dataDir: string;
  let studio: RunningStudio;
  let pluginFile: string;

  beforeEach(async () => {
    dataDir = createTempDir('reload');
    studio = await startStudio(dataDir);
    mkdirSync(studio.config.pluginsDir, { recursive: true });
    pluginFile = path.join(studio.config.pluginsDir, 'counter.mjs');
  });

  afterEach(async () => {
    await studio.close();
    removeTempDir(dataDir);
  });

  it('serves new plugins and tells open browsers', async () => {
    writeFileSync(pluginFile, counterPlugin(1));
    const brokenFile = path.join(studio.config.pluginsDir, 'broken.mjs');
    writeFileSync(brokenFile, 'throw new Error("broken on purpose");\n');
    const socket = await studio.connect();
    const received = new Promise<NodeTypesResponse>((resolve) => {
      socket.once('node-types', (payload) => resolve(payload as NodeTypesResponse));
    });

    const response = await studio.request<NodeTypesResponse>('POST', '/api/node-types/reload');

    expect(response.status).toBe(200);
    const ids = response.body.nodeTypes.map((descriptor) => descriptor.id);
    expect(ids).toContain('acme.counter-inlet');
    expect(ids).toContain('link');
    expect(ids).toContain('null-outlet');
    const counter = response.body.nodeTypes.find((descriptor) => descriptor.id === 'acme.counter-inlet');
    expect(counter?.source).toBe(pluginFile);
    expect(counter?.defaults).toEqual({ times: 1 });
    expect(response.body.problems).toEqual([{ source: brokenFile, message: expect.stringContaining('broken on purpose') }]);

    expect(await received).toEqual(response.body);

    const listed = await studio.request<NodeTypesResponse>('GET', '/api/node-types');
    expect(listed.body).toEqual(response.body);
  });

  it('marks a deployed flow stale until it is deployed again', async () => {
    writeFileSync(pluginFile, counterPlugin(1));
    await studio.request('POST', '/api/node-types/reload');
    const created = await studio.request('POST', '/api/flows', simpleFlow({ inlet: { type: 'acme.counter-inlet' }, outlet: { type: 'null-outlet' } }));
    expect(created.status).toBe(201);
    const flowId: string = created.body.id;
    const deployed = await studio.request('POST', `/api/flows/${flowId}/deploy`);
    expect(deployed.status).toBe(200);
    expect(deployed.body.staleTypes).toEqual([]);

    await studio.request('POST', '/api/node-types/reload');
    expect((await studio.request('GET', `/api/flows/${flowId}/deployment`)).body.staleTypes).toEqual([]);

    writeFileSync(pluginFile, counterPlugin(2));
    const reloaded = await studio.request<NodeTypesResponse>('POST', '/api/node-types/reload');
    expect(reloaded.body.nodeTypes.find((descriptor) => descriptor.id === 'acme.counter-inlet')?.label).toBe('Counter v2');

    const stale = await studio.request('GET', `/api/flows/${flowId}/deployment`);
    expect(stale.body.deployed).toBe(true);
    expect(stale.body.staleTypes).toEqual(['acme.counter-inlet']);
    const listed = await studio.request('GET', '/api/flows');
    expect(listed.body).toEqual([expect.objectContaining({ id: flowId, deployed: true, staleTypes: ['acme.counter-inlet'] })]);

    const redeployed = await studio.request('POST', `/api/flows/${flowId}/deploy`);
    expect(redeployed.status).toBe(200);
    expect(redeployed.body.staleTypes).toEqual([]);
    const relisted = await studio.request('GET', '/api/flows');
    expect(relisted.body).toEqual([expect.objectContaining({ id: flowId, staleTypes: [] })]);
  });

  it('fails a transfer naming the plugin', async () => {
    writeFileSync(
      pluginFile,
      counterPlugin(1).replace('create: (config) => ({ pull: () =>', 'create: (config) => ({ pull: () => { throw new Error("upstream down"); }, unused: () =>'),
    );
    await studio.request('POST', '/api/node-types/reload');
    const created = await studio.request('POST', '/api/flows', simpleFlow({ inlet: { type: 'acme.counter-inlet' }, outlet: { type: 'null-outlet' } }));
    const flowId: string = created.body.id;

    await studio.request('POST', `/api/flows/${flowId}/deploy`);

    const transfers = await waitFor(async () => {
      const listed = await studio.request('GET', `/api/flows/${flowId}/transfers`);
      return listed.body.length > 0 ? listed.body : undefined;
    }, 10_000, 'the first transfer');
    expect(transfers[0].status).toBe('failed');
    expect(transfers[0].error).toContain(`Node type "acme.counter-inlet" from ${pluginFile} failed in pull: upstream down`);
  });
});
