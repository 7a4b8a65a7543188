// Throughput: a JSONL file through FileInlet -> Link -> CsvOutlet in one transfer, against a
// plain Node stream pipeline doing the same work. Each side runs in its own process so that
// its peak RSS is its own. The link streams batches; one more run without streaming shows what
// holding every record of the transfer at once costs.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify';
import { runChild } from '../lib/child.mjs';
import { runMain } from '../lib/args.mjs';
import { loadServerPackage } from '../lib/engine.mjs';
import { compareCsvFiles } from '../lib/csv-compare.mjs';
import { flattenRow } from '../lib/flatten.mjs';
import { writeJsonl } from '../lib/records.mjs';
import { peakRssMb, round } from '../lib/stats.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const FULL_RECORDS = 200_000;
const QUICK_RECORDS = 50_000;
/**
 * Each side runs this many times, alternating, and its fastest run counts: other processes on
 * the machine slow single runs down, never speed them up.
 */
const FULL_ROUNDS = 3;
const QUICK_ROUNDS = 2;

runMain(async (options) => {
  if (options.role === 'engine') return runEngine(options.rest[0], options.rest[1], true);
  if (options.role === 'engine-one-batch') return runEngine(options.rest[0], options.rest[1], false);
  if (options.role === 'plain') return runPlain(options.rest[0], options.rest[1]);
  return options.quick ? orchestrate(QUICK_RECORDS, QUICK_ROUNDS) : orchestrate(FULL_RECORDS, FULL_ROUNDS);
});

async function orchestrate(records, rounds) {
  const dir = await mkdtemp(path.join(tmpdir(), 'databay-bench-throughput-'));
  try {
    const input = path.join(dir, 'records.jsonl');
    const inputBytes = await writeJsonl(input, records);
    const engineCsv = path.join(dir, 'engine.csv');
    const plainCsv = path.join(dir, 'plain.csv');

    // The two sides take turns, one process at a time, so that neither takes a core from the other.
    const plainRuns = [];
    const engineRuns = [];
    for (let attempt = 0; attempt < rounds; attempt += 1) {
      // CsvOutlet appends, so every round starts without output files.
      await rm(plainCsv, { force: true });
      await rm(engineCsv, { force: true });
      plainRuns.push(await runChild(SCRIPT, ['--role', 'plain', input, plainCsv]));
      engineRuns.push(await runChild(SCRIPT, ['--role', 'engine', input, engineCsv]));
    }
    const plain = fastest(plainRuns);
    const engine = fastest(engineRuns);
    const check = await compareCsvFiles(engineCsv, plainCsv);
    if (check.rows !== records) {
      throw new Error(`Both CSV files contain ${check.rows} rows, but the input has ${records} records.`);
    }

    await rm(engineCsv, { force: true });
    const oneBatch = await runChild(SCRIPT, ['--role', 'engine-one-batch', input, engineCsv]);
    const oneBatchCheck = await compareCsvFiles(engineCsv, plainCsv);
    if (oneBatchCheck.rows !== records) {
      throw new Error(`The one-batch CSV file contains ${oneBatchCheck.rows} rows, but the input has ${records} records.`);
    }

    const recordsPerSecond = records / (engine.ms / 1000);
    const limitRecordsPerSecond = records / (plain.ms / 1000);
    return {
      records,
      inputMb: round(inputBytes / 1048576, 1),
      recordsPerSecond: Math.round(recordsPerSecond),
      limitRecordsPerSecond: Math.round(limitRecordsPerSecond),
      ratioToLimit: round(recordsPerSecond / limitRecordsPerSecond, 3),
      // The highest peak of all engine runs, so a lucky run cannot hide memory use.
      peakRssMb: Math.max(...engineRuns.map((run) => run.peakRssMb)),
      limitPeakRssMb: Math.max(...plainRuns.map((run) => run.peakRssMb)),
      engineMs: engineRuns.map((run) => round(run.ms, 1)),
      limitMs: plainRuns.map((run) => round(run.ms, 1)),
      // CPU time changes less than wall time when other processes compete for the cores.
      engineCpuMs: engineRuns.map((run) => round(run.cpuMs, 0)),
      limitCpuMs: plainRuns.map((run) => round(run.cpuMs, 0)),
      cpuRatioToLimit: round(Math.min(...plainRuns.map((run) => run.cpuMs)) / Math.min(...engineRuns.map((run) => run.cpuMs)), 3),
      outputCheck: `${check.rows} rows x ${check.columns} columns identical (sha256 ${check.sha256.slice(0, 12)})`,
      // The same link without streamBatches: every record of the transfer is held until the push.
      oneBatch: {
        recordsPerSecond: Math.round(records / (oneBatch.ms / 1000)),
        peakRssMb: oneBatch.peakRssMb,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function fastest(runs) {
  return runs.reduce((best, run) => (run.ms < best.ms ? run : best));
}

/**
 * Runs the engine side: one transfer of one link, timed from transfer() to the outlet's shutdown.
 * With `streamBatches`, FileInlet's batches (1,000 records unless BENCH_BATCH_SIZE sets another size) go
 * to the outlet as they are read.
 */
async function runEngine(input, output, streamBatches) {
  const { FileInlet, CsvOutlet, Link } = await loadServerPackage();
  const link = new Link({
    id: 'bench-throughput',
    inlets: [new FileInlet({ path: input, format: 'jsonl', batchSize: batchSizeFromEnv() })],
    outlets: [new CsvOutlet({ path: output })],
    interval: { hours: 1 },
    immediateTransfer: false,
    streamBatches,
  });

  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await link.transfer();
  // CsvOutlet may keep the file open until shutdown, so the run ends once the CSV is complete.
  await link.shutdown();
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpuBefore);

  await assertFileWritten(output);
  return { ms, cpuMs, peakRssMb: peakRssMb() };
}

/** The practical limit: readline, JSON.parse, the same flattening, csv-stringify, write. */
async function runPlain(input, output) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const lines = createInterface({ input: createReadStream(input), crlfDelay: Infinity });
  const toRows = new Transform({
    objectMode: true,
    transform(line, _encoding, callback) {
      if (line.length === 0) return callback();
      callback(null, flattenRow(JSON.parse(line)));
    },
  });

  await pipeline(lines, toRows, stringify({ header: true }), createWriteStream(output));
  const ms = performance.now() - started;
  const cpuMs = cpuMsSince(cpuBefore);

  await assertFileWritten(output);
  return { ms, cpuMs, peakRssMb: peakRssMb() };
}

/** FileInlet's batchSize from BENCH_BATCH_SIZE, or undefined for its default. */
function batchSizeFromEnv() {
  const value = process.env.BENCH_BATCH_SIZE;
  if (value === undefined || value === '') return undefined;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1) {
    throw new Error(`Invalid BENCH_BATCH_SIZE ${JSON.stringify(value)}: use a whole number of records, at least 1.`);
  }
  return size;
}

/** CPU time of all the process's threads (GC helpers and the libuv pool included) since `before`. */
function cpuMsSince(before) {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function assertFileWritten(file) {
  const info = await stat(file).catch(() => undefined);
  if (!info || info.size === 0) throw new Error(`Expected CSV output at ${file}, but it is missing or empty.`);
}
