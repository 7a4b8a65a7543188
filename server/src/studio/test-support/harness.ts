import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@databay-studio/shared';
import { buildApp, type BuildAppOptions } from '../app.js';
import { resolveConfig, type StudioConfig } from '../config.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface RunningStudio {
  app: FastifyInstance;
  baseUrl: string;
  config: StudioConfig;
  request<T = any>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
  connect(): Promise<TestSocket>;
  close(): Promise<void>;
}

/** Creates a temp folder that the caller removes with `removeTempDir`. */
export function createTempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), `databay-studio-${prefix}-`));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Builds the studio on `dataDir` and listens on 127.0.0.1 with a free port. */
export async function startStudio(
  dataDir: string,
  options: Omit<BuildAppOptions, 'config'> & { config?: Partial<StudioConfig> } = {},
): Promise<RunningStudio> {
  const config = resolveConfig({ dataDir, clientDir: path.join(dataDir, 'no-client'), ...options.config });
  const logger = options.logger ?? pino({ level: process.env.STUDIO_TEST_LOG_LEVEL ?? 'silent' });
  const app = await buildApp({ seedExamples: false, ...options, config, logger });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`Unexpected server address ${String(address)}`);
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const sockets: TestSocket[] = [];

  return {
    app,
    baseUrl,
    config,
    async request(method, url, body) {
      // A string body is sent as it is, so tests can send invalid JSON.
      let payload: string | undefined;
      if (typeof body === 'string') payload = body;
      else if (body !== undefined) payload = JSON.stringify(body);
      const response = await fetch(`${baseUrl}${url}`, {
        method,
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
        body: payload,
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        // Not JSON: the page or text stays as it is.
      }
      return { status: response.status, body: parsed as any };
    },
    async connect() {
      const socket: TestSocket = connectSocket(baseUrl, { transports: ['websocket'], reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      return socket;
    },
    async close() {
      for (const socket of sockets) socket.disconnect();
      await app.close();
    },
  };
}

/** Polls `check` until it returns a value other than undefined or false, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Builds a minimal valid flow body: one inlet, one link and one outlet, of the given types and configs. */
export function simpleFlow(options: {
  name?: string;
  inlet: { type: string; config?: Record<string, unknown> };
  outlet: { type: string; config?: Record<string, unknown> };
  link?: Record<string, unknown>;
}) {
  return {
    name: options.name ?? 'Test flow',
    nodes: [
      { id: 'in1', kind: 'inlet', type: options.inlet.type, position: { x: 0, y: 0 }, config: options.inlet.config ?? {} },
      { id: 'l1', kind: 'link', type: 'link', position: { x: 200, y: 0 }, config: { interval: { seconds: 60 }, tags: ['test'], ...options.link } },
      { id: 'out1', kind: 'outlet', type: options.outlet.type, position: { x: 400, y: 0 }, config: options.outlet.config ?? {} },
    ],
    edges: [
      { id: 'e1', source: 'in1', target: 'l1' },
      { id: 'e2', source: 'l1', target: 'out1' },
    ],
  };
}
