import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEvent, StatusEvent, TransferEvent } from '@databay-studio/shared';
import {
  createTempDir,
  removeTempDir,
  simpleFlow,
  startStudio,
  waitFor,
  type RunningStudio,
  type TestSocket,
} from '../test-support/harness.js';
import { createCounters, createTestRegistry } from '../test-support/test-node-types.js';

/** Collects every log line a socket receives, as `log` or `log-batch`, in arrival order. */
function collectLines(socket: TestSocket): { lines: LogEvent[]; batches: number[] } {
  const received = { lines: [] as LogEvent[], batches: [] as number[] };
  socket.on('log', (line) => {
    received.lines.push(line);
    received.batches.push(1);
  });
  socket.on('log-batch', (lines) => {
    received.lines.push(...lines);
    received.batches.push(lines.length);
  });
  return received;
}

function expectContiguous(lines: LogEvent[], firstSeq: number, lastSeq: number): void {
  const seqs = lines.map((line) => line.seq);
  expect(new Set(seqs).size, 'no duplicate seq').toBe(seqs.length);
  expect(seqs[0]).toBe(firstSeq);
  expect(seqs[seqs.length - 1]).toBe(lastSeq);
  expect(seqs.length, 'no gap').toBe(lastSeq - firstSeq + 1);
  expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
}

describe('live hub over socket.io', () => {
  let dataDir: string;
  let studio: RunningStudio;

  beforeEach(async () => {
    dataDir = createTempDir('live');
    studio = await startStudio(dataDir, { registry: createTestRegistry(createCounters()) });
  });

  afterEach(async () => {
    await studio.close();
    removeTempDir(dataDir);
  });

  it('subscribe replays after afterSeq, then streams', async () => {
    const { hub } = studio.app.studio;
    for (let index = 1; index <= 10; index += 1) hub.appendLog('flow-a', { level: 'info', message: `line ${index}` });
    hub.appendLog('flow-b', { level: 'info', message: 'other flow' });
    hub.flushAll();

    const socket = await studio.connect();
    const received = collectLines(socket);
    socket.emit('subscribe', { flowId: 'flow-a', afterSeq: 4 });
    await waitFor(() => received.lines.length === 6, 5_000, 'replay');
    expect(received.lines.map((line) => line.message)).toEqual(['line 5', 'line 6', 'line 7', 'line 8', 'line 9', 'line 10']);
    expect(received.batches).toEqual([6]);

    hub.appendLog('flow-a', { level: 'warn', message: 'live line', linkId: 'l1', update: 'x.1' });
    await waitFor(() => received.lines.length === 7, 5_000, 'live line');
    expect(received.lines[6]).toMatchObject({ seq: 11, level: 'warn', flowId: 'flow-a', message: 'live line', linkId: 'l1', update: 'x.1' });
    expect(received.batches[received.batches.length - 1]).toBe(1);
    expect(received.lines.some((line) => line.flowId === 'flow-b')).toBe(false);
  });

  it('lines during subscribe are neither lost nor doubled', async () => {
    const { hub } = studio.app.studio;
    let written = 0;
    const write = () => {
      for (let index = 0; index < 50; index += 1) {
        written += 1;
        hub.appendLog('busy', { level: 'debug', message: `line ${written}` });
      }
    };
    write();
    hub.flushAll();
    const producer = setInterval(write, 2);

    const socket = await studio.connect();
    const received = collectLines(socket);
    socket.emit('subscribe', { flowId: 'busy', afterSeq: 20 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(producer);
    const total = written;
    await waitFor(() => received.lines.length > 0 && received.lines[received.lines.length - 1].seq === total, 5_000, 'all lines');

    expectContiguous(received.lines, 21, total);
  });

  it('burst arrives as log-batch in seq order', async () => {
    const { hub } = studio.app.studio;
    const socket = await studio.connect();
    const received = collectLines(socket);
    socket.emit('subscribe', { flowId: 'burst' });
    await new Promise((resolve) => setTimeout(resolve, 100));

    for (let index = 1; index <= 3_000; index += 1) hub.appendLog('burst', { level: 'info', message: `burst ${index}` });
    await waitFor(() => received.lines.length === 3_000, 10_000, 'burst');

    expectContiguous(received.lines, 1, 3_000);
    expect(Math.max(...received.batches)).toBeGreaterThan(1);
    expect(Math.max(...received.batches)).toBeLessThanOrEqual(500);
    expect(received.batches.length).toBeLessThan(100);
  });

  it('stored lines are bounded per flow', async () => {
    await studio.close();
    studio = await startStudio(dataDir, { logLinesPerFlow: 100 });
    const { hub, logs } = studio.app.studio;
    for (let index = 1; index <= 250; index += 1) hub.appendLog('bounded', { level: 'info', message: `line ${index}` });
    hub.flushAll();

    const stored = logs.after('bounded', 0);
    expect(stored).toHaveLength(100);
    expect(stored[0].seq).toBe(151);
    expect(logs.lastSeq('bounded')).toBe(250);
  });

  it('deployed flow sends transfer, status and node log lines', async () => {
    const created = await studio.request(
      'POST',
      '/api/flows',
      simpleFlow({
        inlet: { type: 'test.logging-inlet', config: { message: 'hello from the inlet' } },
        outlet: { type: 'test.collecting-outlet' },
        link: { immediateTransfer: false },
      }),
    );
    const id = created.body.id;
    const socket = await studio.connect();
    const received = collectLines(socket);
    const transfers: TransferEvent[] = [];
    const statuses: StatusEvent[] = [];
    socket.on('transfer', (event) => transfers.push(event));
    socket.on('status', (event) => statuses.push(event));
    socket.emit('subscribe', { flowId: id });
    await new Promise((resolve) => setTimeout(resolve, 100));

    await studio.request('POST', `/api/flows/${id}/deploy`);
    await studio.request('POST', `/api/flows/${id}/links/l1/transfer`);
    await waitFor(() => received.lines.some((line) => line.message.startsWith('Transfer test.0 finished')), 5_000, 'finished line');

    const nodeLine = received.lines.find((line) => line.message === 'hello from the inlet');
    expect(nodeLine).toMatchObject({ flowId: id, nodeId: 'in1', level: 'info', update: 'test.0' });
    const finished = received.lines.find((line) => line.message.startsWith('Transfer test.0 finished'));
    expect(finished?.message).toMatch(/^Transfer test\.0 finished: 1 record in, 1 out in \d+ ms$/);
    expect(finished).toMatchObject({ linkId: 'l1', update: 'test.0' });
    expect(received.lines.some((line) => line.message === 'Deployed version 1')).toBe(true);

    expect(transfers.map((event) => event.phase)).toEqual(['start', 'end']);
    expect(transfers[1]).toMatchObject({ flowId: id, linkId: 'l1', update: 'test.0', recordsIn: 1, recordsOut: 1, status: 'ok' });
    expect(transfers[1].nextAt).toEqual(expect.any(String));

    await waitFor(() => statuses.some((event) => event.nodeId === 'out1' && event.state === 'ok'), 5_000, 'ok status');
    expect(statuses.find((event) => event.nodeId === 'in1' && event.state === 'running')).toBeDefined();
    expect(statuses.find((event) => event.nodeId === 'in1' && event.state === 'ok')?.text).toMatch(/^1 record · \d+ ms$/);
    expect(statuses.find((event) => event.nodeId === 'l1' && event.state === 'ok')?.text).toMatch(/^1 in · 1 out · \d+ ms$/);
  });

  it('invalid subscribe is ignored and the socket stays usable', async () => {
    const { hub } = studio.app.studio;
    const socket = await studio.connect();
    const received = collectLines(socket);
    socket.emit('subscribe', { flowId: 42 } as never);
    socket.emit('subscribe', { flowId: 'ok-flow' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    hub.appendLog('ok-flow', { level: 'info', message: 'still here' });
    await waitFor(() => received.lines.length === 1, 5_000, 'line after invalid subscribe');

    socket.emit('unsubscribe', { flowId: 'ok-flow' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    hub.appendLog('ok-flow', { level: 'info', message: 'not received' });
    hub.flushAll();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(received.lines.map((line) => line.message)).toEqual(['still here']);
  });

  it('node failing to start reports error status', async () => {
    const created = await studio.request(
      'POST',
      '/api/flows',
      simpleFlow({ inlet: { type: 'test.failing-start-inlet' }, outlet: { type: 'test.collecting-outlet' } }),
    );
    const id = created.body.id;
    const socket = await studio.connect();
    const received = collectLines(socket);
    const statuses: StatusEvent[] = [];
    socket.on('status', (event) => statuses.push(event));
    socket.emit('subscribe', { flowId: id });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const deployed = await studio.request('POST', `/api/flows/${id}/deploy`);
    expect(deployed.status).toBe(200);
    await waitFor(() => statuses.some((event) => event.nodeId === 'in1' && event.state === 'error'), 5_000, 'error status');

    const status = statuses.find((event) => event.nodeId === 'in1' && event.state === 'error');
    expect(status?.text).toContain('test source is offline');
    await waitFor(() => received.lines.some((line) => line.level === 'error' && line.nodeId === 'in1'), 5_000, 'error line');
    const line = received.lines.find((entry) => entry.level === 'error' && entry.nodeId === 'in1');
    expect(line?.message).toContain('failed in start');
    expect(line?.error?.stack).toContain('test source is offline');
  });

  it('flow-changed follows save, deploy, stop and delete', async () => {
    const socket = await studio.connect();
    const changes: { flowId: string; version?: number; deployed?: boolean; deleted?: boolean }[] = [];
    socket.on('flow-changed', (change) => changes.push(change));

    const body = simpleFlow({ inlet: { type: 'test.counting-inlet' }, outlet: { type: 'test.collecting-outlet' } });
    const created = await studio.request('POST', '/api/flows', body);
    const id = created.body.id;
    await studio.request('PUT', `/api/flows/${id}`, { ...body, version: 1 });
    await studio.request('POST', `/api/flows/${id}/deploy`);
    await studio.request('POST', `/api/flows/${id}/stop`);
    await studio.request('DELETE', `/api/flows/${id}`);
    await waitFor(() => changes.some((change) => change.deleted), 5_000, 'delete event');

    expect(changes).toEqual([
      { flowId: id, version: 1, deployed: false },
      { flowId: id, version: 2, deployed: false },
      { flowId: id, version: 2, deployed: true },
      { flowId: id, deployed: false },
      { flowId: id, deleted: true },
    ]);
  });
});
