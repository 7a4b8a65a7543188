// Runs every benchmark workload, each in its own Node process, prints a table of the figures
// against their targets and writes bench/results/latest.json.
//
//   npm run bench                 full runs (a few minutes)
//   npm run bench -- --quick      shorter runs (under 2 minutes on 2 cores)
//   npm run bench -- --only schedule,scale
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './lib/args.mjs';
import { runChild } from './lib/child.mjs';
import { printReport } from './lib/report.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const WORKLOADS = ['throughput', 'schedule', 'scale', 'liveLog', 'editor'];
const SCRIPTS = {
  throughput: 'throughput.mjs',
  schedule: 'schedule.mjs',
  scale: 'scale.mjs',
  liveLog: 'live-log.mjs',
  editor: 'editor.mjs',
};

const options = parseArgs();
const selected = options.only ?? WORKLOADS;
const unknown = selected.filter((name) => !WORKLOADS.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown workload ${unknown.join(', ')}. Pick from: ${WORKLOADS.join(', ')}.`);
  process.exit(2);
}

const results = {
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryMb: Math.round(os.totalmem() / 1048576),
    node: process.version,
    date: new Date().toISOString(),
    quick: options.quick,
    // 1-minute load average before and after the run: other processes on the machine skew timings.
    loadAverage: { start: round1(os.loadavg()[0]), end: undefined },
  },
};
const failures = [];

for (const name of selected) {
  const started = performance.now();
  process.stderr.write(`[bench] ${name}${options.quick ? ' (quick)' : ''} ...\n`);
  try {
    results[name] = await runChild(path.join(BENCH_DIR, 'workloads', SCRIPTS[name]), options.quick ? ['--quick'] : [], {
      // Links log their start and stop at info; 10,000 such lines would sit in pino's buffer
      // while the heap is measured. Transfers themselves log at debug either way.
      env: { DATABAY_LOG_LEVEL: process.env.DATABAY_LOG_LEVEL ?? 'warn' },
    });
  } catch (error) {
    failures.push(name);
    results[name] = { error: error.message };
    process.stderr.write(`[bench] ${name} failed:\n${error.message}\n`);
  }
  process.stderr.write(`[bench] ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

results.machine.loadAverage.end = round1(os.loadavg()[0]);
printReport(results);
const resultsDir = path.join(BENCH_DIR, 'results');
await mkdir(resultsDir, { recursive: true });
await writeFile(path.join(resultsDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nWrote ${path.relative(process.cwd(), path.join(resultsDir, 'latest.json'))}`);

if (failures.length > 0) {
  console.error(`Failed workloads: ${failures.join(', ')}`);
  process.exit(1);
}

function round1(value) {
  return Math.round(value * 10) / 10;
}
