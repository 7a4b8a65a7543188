import { afterEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '@databay-studio/shared';
import { createBuiltinRegistry } from './app.js';
import { createTempDir, removeTempDir, simpleFlow, startStudio, waitFor, type RunningStudio } from './test-support/harness.js';
import { createCounters, createTestRegistry } from './test-support/test-node-types.js';

describe('studio restart', () => {
  let dataDir: string | undefined;
  let studio: RunningStudio | undefined;

  afterEach(async () => {
    await studio?.close();
    if (dataDir) removeTempDir(dataDir);
  });

  it('redeploys deployed flows and seq keeps rising', async () => {
    dataDir = createTempDir('restart');
    const firstCounters = createCounters();
    studio = await startStudio(dataDir, { registry: createTestRegistry(firstCounters) });

    const deployedFlow = await studio.request('POST', '/api/flows', simpleFlow({ name: 'Deployed', inlet: { type: 'test.counting-inlet' }, outlet: { type: 'test.collecting-outlet' } }));
    const idleFlow = await studio.request('POST', '/api/flows', simpleFlow({ name: 'Idle', inlet: { type: 'test.counting-inlet' }, outlet: { type: 'test.collecting-outlet' } }));
    const id = deployedFlow.body.id;
    expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    await waitFor(() => (firstCounters.pushed.get('out1')?.length ?? 0) === 3, 5_000, 'immediate transfer');
    studio.app.studio.hub.flushAll();
    const seqBefore = studio.app.studio.logs.lastSeq(id);
    expect(seqBefore).toBeGreaterThan(3);

    await studio.close();
    expect(firstCounters.shutdowns.get('in1')).toBe(1);

    const secondCounters = createCounters();
    studio = await startStudio(dataDir, { registry: createTestRegistry(secondCounters) });
    const info = await waitFor(async () => {
      const response = await studio!.request('GET', `/api/flows/${id}/deployment`);
      return response.body.deployed ? response.body : undefined;
    }, 10_000, 'redeploy after restart');
    expect(info.version).toBe(1);
    expect(secondCounters.starts.get('in1')).toBe(1);
    const idleInfo = await studio.request('GET', `/api/flows/${idleFlow.body.id}/deployment`);
    expect(idleInfo.body.deployed).toBe(false);

    const socket = await studio.connect();
    const lines: LogEvent[] = [];
    socket.on('log-batch', (batch) => lines.push(...batch));
    socket.on('log', (line) => lines.push(line));
    socket.emit('subscribe', { flowId: id, afterSeq: seqBefore });
    await waitFor(() => lines.some((line) => line.message === 'Deployed version 1'), 5_000, 'lines after restart');
    expect(lines[0].seq).toBe(seqBefore + 1);
    const seqs = lines.map((line) => line.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(Math.min(...seqs)).toBeGreaterThan(seqBefore);

    const transfers = await studio.request('GET', `/api/flows/${id}/transfers`);
    expect(transfers.body.map((transfer: { update: string }) => transfer.update)).toContain('test.0');
  });

  it('flow whose node type is gone is marked not deployed', async () => {
    dataDir = createTempDir('restart-missing');
    studio = await startStudio(dataDir, { registry: createTestRegistry(createCounters()) });
    const created = await studio.request('POST', '/api/flows', simpleFlow({ inlet: { type: 'test.counting-inlet' }, outlet: { type: 'test.collecting-outlet' } }));
    const id = created.body.id;
    expect((await studio.request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    await studio.close();

    studio = await startStudio(dataDir, { registry: createBuiltinRegistry() });
    const { hub, logs } = studio.app.studio;
    const errorLine = await waitFor(() => {
      hub.flushAll();
      return logs.after(id, 0).find((line) => line.level === 'error');
    }, 10_000, 'restart error line');
    expect(errorLine.message).toContain('failed to start again after the restart');
    expect(errorLine.message).toContain('Unknown node type "test.counting-inlet"');

    const summaries = await studio.request('GET', '/api/flows');
    expect(summaries.body[0]).toMatchObject({ id, deployed: false });
    expect((await studio.request('GET', `/api/flows/${id}/deployment`)).body.deployed).toBe(false);
  });
});
