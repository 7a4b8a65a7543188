import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const serverEntry = join(repoRoot, 'server', 'dist', 'main.js');

/** A studio server process of one test, with its own data folder and port. */
export interface StudioServer {
  url: string;
  port: number;
  dataDir: string;
  filesRoot: string;
  output: () => string;
  /** Stops the process; the data folder stays so that a restart can reuse it. */
  stop: () => Promise<void>;
  /** Stops the process and deletes the data folder. */
  dispose: () => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `server/dist/main.js` on a free loopback port and waits for /api/health. */
export async function startStudio(options: { dataDir?: string; env?: Record<string, string> } = {}): Promise<StudioServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'databay-e2e-')));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';

  const child: ChildProcess = spawn(process.execPath, [serverEntry], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABAY_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => (log += chunk));
  child.stderr?.on('data', (chunk) => (log += chunk));

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Studio server exited with code ${child.exitCode}:\n${log}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`Studio server did not answer /api/health within 20 s:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killTimer);
  };

  return {
    url,
    port,
    dataDir,
    filesRoot: join(dataDir, 'files'),
    output: () => log,
    stop,
    dispose: async () => {
      await stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
