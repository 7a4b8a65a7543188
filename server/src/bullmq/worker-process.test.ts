import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Link } from '../engine/link.js';
import { CollectOutlet, silentLogger, ValueInlet, waitFor } from '../engine/test-support/nodes.js';
import { BullMQPlanner } from './planner.js';
import { keysUnder, obliterate, REDIS_URL, uniqueQueue, type TestQueue } from './test-support/redis.js';

const OUTCOME_TIMEOUT_MS = 15_000;
const script = fileURLToPath(new URL('./test-support/worker-process.ts', import.meta.url));
const serverRoot = fileURLToPath(new URL('../..', import.meta.url));

interface RunningProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
}

/** Starts the test process script in the given mode, with tsx so that it runs from source. */
function runScript(mode: string, queue: TestQueue, path: string): RunningProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, mode, queue.queueName, queue.prefix, path, REDIS_URL], {
    cwd: serverRoot,
    env: { ...process.env, DATABAY_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: RunningProcess = { child, stdout: [], stderr: [] };
  child.stdout!.on('data', (chunk: Buffer) => running.stdout.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => running.stderr.push(chunk.toString()));
  return running;
}

/** Waits for the process to exit by itself and returns its exit code. */
async function exitCode(running: RunningProcess): Promise<number | null> {
  if (running.child.exitCode !== null) return running.child.exitCode;
  const [code] = (await once(running.child, 'exit')) as [number | null];
  return code;
}

async function readLines(path: string): Promise<{ pid: number; transfer: number }[]> {
  if (!existsSync(path)) return [];
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { pid: number; transfer: number });
}

let folder: string;
let queue: TestQueue;
const processes: RunningProcess[] = [];
const planners: BullMQPlanner[] = [];

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'databay-bullmq-'));
  queue = uniqueQueue();
});

afterEach(async () => {
  await Promise.all(planners.splice(0).map((planner) => planner.shutdown()));
  for (const running of processes.splice(0)) {
    if (running.child.exitCode === null) running.child.kill('SIGKILL');
  }
  await obliterate(queue);
  expect(await keysUnder(queue.prefix)).toEqual([]);
  await rm(folder, { recursive: true, force: true });
});

describe('TransferWorker in another process', () => {
  it('runs what a scheduler-only planner schedules', async () => {
    const path = join(folder, 'records.jsonl');
    const worker = runScript('worker', queue, path);
    processes.push(worker);
    await waitFor(() => worker.stdout.join('').includes('ready') || worker.child.exitCode !== null, OUTCOME_TIMEOUT_MS);
    expect(worker.stderr.join('')).toBe('');
    expect(worker.child.exitCode).toBeNull();

    // The planner's link has the worker's id but nodes of its own, which must stay unused.
    const localInlet = new ValueInlet({ value: 'must not run here' });
    const localOutlet = new CollectOutlet();
    const link = new Link({ id: 'to-file', inlets: [localInlet], outlets: [localOutlet], interval: { seconds: 1 }, logger: silentLogger });
    const planner = new BullMQPlanner({ links: [link], connection: REDIS_URL, worker: false, logger: silentLogger, ...queue });
    planners.push(planner);
    await planner.start();

    // The immediate transfer plus two scheduled ones.
    let lines: { pid: number; transfer: number }[] = [];
    const deadline = Date.now() + OUTCOME_TIMEOUT_MS;
    while (lines.length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      lines = await readLines(path);
    }
    await planner.shutdown();

    expect(lines.slice(0, 3).map((line) => line.transfer)).toEqual([0, 1, 2]);
    expect(lines.every((line) => line.pid === worker.child.pid)).toBe(true);
    expect(localInlet.pulls).toBe(0);
    expect(localOutlet.records).toEqual([]);

    worker.child.kill('SIGTERM');
    expect(await exitCode(worker)).toBe(0);
    expect(worker.stderr.join('')).toBe('');
  });

  it('lets a process exit after planner shutdown', async () => {
    const path = join(folder, 'one.jsonl');
    const planner = runScript('planner', queue, path);
    processes.push(planner);

    expect(await exitCode(planner)).toBe(0);
    expect(planner.stdout.join('')).toContain('stopped');
    expect(planner.stderr.join('')).toBe('');
    const lines = await readLines(path);
    expect(lines.map((line) => line.transfer)).toEqual([0]);
    expect(lines[0].pid).toBe(planner.child.pid);
  });
});
