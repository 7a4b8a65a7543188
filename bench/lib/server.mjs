// Starts the real studio server (server/dist/main.js) in its own process for a workload.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// BENCH_SERVER_ENTRY (see engine.mjs) also selects the server build that is started.
const MAIN = process.env.BENCH_SERVER_ENTRY
  ? path.join(path.dirname(process.env.BENCH_SERVER_ENTRY), 'main.js')
  : path.join(REPO_ROOT, 'server/dist/main.js');
/** Extra node options for the server process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const READY_TIMEOUT_MS = 30_000;

/** Finds a free TCP port on 127.0.0.1 by binding port 0 and closing again. */
export function findFreePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node server/dist/main.js` on a free port with a fresh data directory, and resolves once
 * GET /api/flows responds. `stop()` ends that process and removes the data directory.
 */
export async function startServer({ env = {}, nodeArgs = [] } = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'databay-bench-data-'));
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, ...nodeArgs, MAIN], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABAY_DATA_DIR: dataDir,
      DATABAY_LOG_LEVEL: 'warn',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk) => {
    output = (output + chunk.toString()).slice(-8000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });

  const stop = async () => {
    if (!exited) {
      const closed = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await closed;
      clearTimeout(timer);
    }
    await rm(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`The server exited before it responded on ${baseUrl}.\nLast output:\n${output}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/flows`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not respond to GET ${baseUrl}/api/flows within ${READY_TIMEOUT_MS} ms.\nLast output:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return { baseUrl, port, dataDir, stop, output: () => output, cpuMs: () => processCpuMs(child.pid) };
}

/**
 * CPU time (user + system) a process used so far, in ms, from /proc/<pid>/stat. Its resolution
 * is one clock tick, 10 ms on Linux with USER_HZ 100. Unlike wall time it barely changes when
 * other processes compete for the cores.
 */
export function processCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks * 10;
}

/** Sends a JSON request and returns the parsed body; throws with the status and body on a non-2xx response. */
export async function requestJson(baseUrl, method, route, body) {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${route} returned ${response.status}: ${text.slice(0, 2000)}`);
  }
  return text ? JSON.parse(text) : undefined;
}
