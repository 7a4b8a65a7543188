import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Server, type Socket } from 'socket.io';
import type { LogEvent, StatusEvent, SubscribeRequest } from '@databay-studio/shared';
import { LiveConnection, type LiveHandlers } from './live-connection';

const line = (seq: number): LogEvent => ({ seq, time: '2026-01-01T00:00:00.000Z', level: 'info', flowId: 'f1', message: `line ${seq}` });

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
async function waitFor<T>(check: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('Condition not met before the timeout.');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('LiveConnection', () => {
  let httpServer: HttpServer;
  let io: Server;
  let url: string;
  let requests: { event: string; payload: unknown }[];
  let sockets: Socket[];
  let connection: LiveConnection | null;

  beforeEach(async () => {
    requests = [];
    sockets = [];
    connection = null;
    httpServer = createServer();
    io = new Server(httpServer);
    io.on('connection', (socket) => {
      sockets.push(socket);
      socket.on('subscribe', (payload: SubscribeRequest) => requests.push({ event: 'subscribe', payload }));
      socket.on('unsubscribe', (payload: { flowId: string }) => requests.push({ event: 'unsubscribe', payload }));
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    connection?.close();
    await new Promise<void>((resolve) => io.close(() => resolve()));
  });

  function connect(overrides: Partial<LiveHandlers> = {}) {
    const received = { lines: [] as LogEvent[], statuses: [] as StatusEvent[], connected: [] as boolean[] };
    const handlers: LiveHandlers = {
      onLogLines: (lines) => received.lines.push(...lines),
      onTransfer: () => {},
      onStatus: (event) => received.statuses.push(event),
      onNodeTypes: () => {},
      onFlowChanged: () => {},
      onConnectionChange: (isConnected) => received.connected.push(isConnected),
      highestSeq: () => received.lines.reduce((max, entry) => Math.max(max, entry.seq), 0),
      ...overrides,
    };
    connection = new LiveConnection(handlers, url);
    return { connection, received };
  }

  it('subscribes to the followed flow on connect', async () => {
    const { connection: live } = connect();

    live.follow('f1');
    live.connect();

    const request = await waitFor(() => requests.find((entry) => entry.event === 'subscribe'));
    expect(request.payload).toEqual({ flowId: 'f1' });
  });

  it('delivers single lines and batches in order', async () => {
    const { connection: live, received } = connect();
    live.follow('f1');
    live.connect();
    const socket = await waitFor(() => sockets[0]);

    socket.emit('log-batch', [line(1), line(2)]);
    socket.emit('log', line(3));

    await waitFor(() => (received.lines.length === 3 ? true : undefined));
    expect(received.lines.map((entry) => entry.seq)).toEqual([1, 2, 3]);
  });

  it('resubscribes after reconnect with afterSeq', async () => {
    const { connection: live, received } = connect();
    live.follow('f1');
    live.connect();
    const first = await waitFor(() => sockets[0]);
    first.emit('log-batch', [line(1), line(2), line(3)]);
    await waitFor(() => (received.lines.length === 3 ? true : undefined));

    // Closing the transport from the server side makes the client reconnect on its own.
    first.conn.close();

    const resubscribe = await waitFor(() => (requests.filter((entry) => entry.event === 'subscribe').length >= 2 ? requests.at(-1) : undefined));
    expect(resubscribe.payload).toEqual({ flowId: 'f1', afterSeq: 3 });
    expect(received.connected).toEqual([true, false, true]);
  });

  it('switches flows with unsubscribe then subscribe', async () => {
    const { connection: live } = connect();
    live.follow('f1');
    live.connect();
    await waitFor(() => requests.find((entry) => entry.event === 'subscribe'));

    live.follow('f2');

    await waitFor(() => (requests.length >= 3 ? true : undefined));
    expect(requests.slice(1)).toEqual([
      { event: 'unsubscribe', payload: { flowId: 'f1' } },
      { event: 'subscribe', payload: { flowId: 'f2' } },
    ]);
  });

  it('passes status events through', async () => {
    const { connection: live, received } = connect();
    live.follow('f1');
    live.connect();
    const socket = await waitFor(() => sockets[0]);
    const status: StatusEvent = { flowId: 'f1', nodeId: 'in1', state: 'error', text: 'HTTP 500' };

    socket.emit('status', status);

    await waitFor(() => received.statuses[0]);
    expect(received.statuses).toEqual([status]);
  });
});
