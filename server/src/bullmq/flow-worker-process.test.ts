import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, waitFor } from '../engine/test-support/nodes.js';
import { linksFromFlow, type FlowLinks } from '../flow/links-from-flow.js';
import { loadNodeTypes } from '../registry/create-registry.js';
import { inletPlugin } from '../registry/test-support/plugin-folder.js';
import { BullMQPlanner } from './planner.js';
import { keysUnder, obliterate, REDIS_URL, uniqueQueue, type TestQueue } from './test-support/redis.js';

const OUTCOME_TIMEOUT_MS = 20_000;
const script = fileURLToPath(new URL('./test-support/flow-worker-process.ts', import.meta.url));
const serverRoot = fileURLToPath(new URL('../..', import.meta.url));
const examplesDir = fileURLToPath(new URL('../../../examples/', import.meta.url));

interface RunningProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
}

interface Folders {
  flowFile: string;
  pluginsDir: string;
  /** Files root of the worker process: the weather CSV, and where its outlets write. */
  workerFiles: string;
  /** Files root of the planner's links, empty, so a transfer run by the planner would show. */
  plannerFiles: string;
}

/** Writes the Seattle weather example flow with a second link, whose inlet type comes from a plugin. */
async function writeFlow(folders: Folders): Promise<void> {
  const example = JSON.parse(await readFile(join(examplesDir, 'flows', 'seattle-weather-jsonl.json'), 'utf8')) as {
    nodes: unknown[];
    edges: unknown[];
  };
  const at = { x: 0, y: 0 };
  const flow = {
    id: 'weather-and-numbers',
    name: 'Weather and numbers',
    version: 2,
    nodes: [
      ...example.nodes,
      { id: 'numbers', kind: 'inlet', type: 'test-numbers', position: at, config: { factor: 2 } },
      { id: 'each-minute', kind: 'link', type: 'link', position: at, config: { interval: { minutes: 1 }, tags: 'numbers' } },
      { id: 'numbers-file', kind: 'outlet', type: 'file-outlet', position: at, config: { path: 'numbers.jsonl', format: 'jsonl' } },
    ],
    edges: [
      ...example.edges,
      { id: 'numbers->each-minute', source: 'numbers', target: 'each-minute' },
      { id: 'each-minute->numbers-file', source: 'each-minute', target: 'numbers-file' },
    ],
  };
  await writeFile(folders.flowFile, JSON.stringify(flow, null, 2));
}

function runWorker(queue: TestQueue, folders: Folders): RunningProcess {
  const args = [queue.queueName, queue.prefix, folders.flowFile, folders.workerFiles, folders.pluginsDir, REDIS_URL];
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
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

async function readJsonLines(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

let root: string;
let folders: Folders;
let queue: TestQueue;
const processes: RunningProcess[] = [];
const planners: BullMQPlanner[] = [];
const built: FlowLinks[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'databay-flow-worker-'));
  folders = {
    flowFile: join(root, 'flow.json'),
    pluginsDir: join(root, 'plugins'),
    workerFiles: join(root, 'worker-files'),
    plannerFiles: join(root, 'planner-files'),
  };
  for (const folder of [folders.pluginsDir, folders.workerFiles, folders.plannerFiles]) await mkdir(folder);
  await copyFile(join(examplesDir, 'data', 'seattle-weather.csv'), join(folders.workerFiles, 'seattle-weather.csv'));
  await writeFile(join(folders.pluginsDir, 'numbers.mjs'), inletPlugin('test-numbers', [1, 2, 3]));
  await writeFlow(folders);
  queue = uniqueQueue();
});

afterEach(async () => {
  await Promise.all(planners.splice(0).map((planner) => planner.shutdown()));
  for (const flowLinks of built.splice(0)) flowLinks.abort();
  for (const running of processes.splice(0)) {
    if (running.child.exitCode === null) running.child.kill('SIGKILL');
  }
  await obliterate(queue);
  expect(await keysUnder(queue.prefix)).toEqual([]);
  await rm(root, { recursive: true, force: true });
});

describe('TransferWorker built from a flow document', () => {
  it('runs what the planner schedules', async () => {
    const worker = runWorker(queue, folders);
    processes.push(worker);
    await waitFor(() => worker.stdout.join('').includes('ready\n') || worker.child.exitCode !== null, OUTCOME_TIMEOUT_MS);
    expect(worker.stderr.join('')).toBe('');
    expect(worker.child.exitCode).toBeNull();

    // The planner builds the same flow's links the same way, with files of its own.
    const registry = await loadNodeTypes({ pluginsDir: folders.pluginsDir, nodeModulesDirs: [], logger: silentLogger });
    const document: unknown = JSON.parse(await readFile(folders.flowFile, 'utf8'));
    const flowLinks = await linksFromFlow(document, { registry, filesRoot: folders.plannerFiles, logger: silentLogger });
    built.push(flowLinks);
    expect(flowLinks.links.map((link) => link.id)).toEqual(['every-10s', 'each-minute']);

    const planner = new BullMQPlanner({ links: flowLinks.links, connection: REDIS_URL, worker: false, logger: silentLogger, ...queue });
    planners.push(planner);
    await planner.start();

    // Each link's immediate transfer. The next scheduled ones are 10 s and 1 min away.
    const output = () => worker.stdout.join('');
    await waitFor(
      () => (output().includes('finished every-10s weather.0') && output().includes('finished each-minute numbers.0')) || worker.child.exitCode !== null,
      OUTCOME_TIMEOUT_MS,
    );
    expect(output()).toContain('finished every-10s weather.0 ok\n');
    expect(output()).toContain('finished each-minute numbers.0 ok\n');

    const rows = parse(await readFile(join(folders.workerFiles, 'seattle-weather.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1_461);
    expect(await readJsonLines(join(folders.workerFiles, 'seattle-weather.jsonl'))).toEqual(rows);
    expect(await readJsonLines(join(folders.workerFiles, 'numbers.jsonl'))).toEqual([2, 4, 6]);
    expect(await readdir(folders.plannerFiles)).toEqual([]);

    await planner.shutdown();
    worker.child.kill('SIGTERM');
    expect(await exitCode(worker)).toBe(0);
    expect(worker.stderr.join('')).toBe('');
  });
});
