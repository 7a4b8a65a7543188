// The table bench/run.mjs prints: each figure, its target and whether it was met.

/**
 * Rows of the report: workload, dotted key of the figure in its results, label, and the target
 * on the 2-core reference machine as [text, check], or null for a figure without a target.
 */
export const TARGET_ROWS = [
  ['throughput', 'recordsPerSecond', 'records/s', null],
  ['throughput', 'limitRecordsPerSecond', 'plain pipeline records/s', null],
  ['throughput', 'ratioToLimit', 'ratio to plain pipeline', ['>= 0.8', (v) => v >= 0.8]],
  ['throughput', 'peakRssMb', 'peak RSS (MiB)', ['<= 200', (v) => v <= 200]],
  ['throughput', 'cpuRatioToLimit', 'CPU-time ratio to plain pipeline', null],
  ['throughput', 'oneBatch.recordsPerSecond', 'records/s without streamBatches', null],
  ['throughput', 'oneBatch.peakRssMb', 'peak RSS without streamBatches (MiB)', null],
  ['schedule', 'missed', 'missed transfers', ['0', (v) => v === 0]],
  ['schedule', 'latenessMs.p50', 'lateness p50 (ms)', null],
  ['schedule', 'latenessMs.p99', 'lateness p99 (ms)', ['<= 5', (v) => v <= 5]],
  ['schedule', 'latenessMs.max', 'lateness max (ms)', ['<= 25', (v) => v <= 25]],
  ['schedule', 'driftMs', 'drift (ms)', ['abs <= 2', (v) => Math.abs(v) <= 2]],
  ['schedule', 'cpuPercent', 'CPU (% of one core)', ['<= 10', (v) => v <= 10]],
  ['schedule', 'steadyLatenessMs.p99', 'lateness p99 from tick 4 (ms)', null],
  ['schedule', 'firstPullLatenessMs.max', 'latest timer wake-up (ms)', null],
  ['schedule', 'tickFanOutMs.max', 'longest tick fan-out (ms)', null],
  ['schedule', 'runQueueWaitMs.maxBetweenTicks', 'longest wait for a core, one tick (ms)', null],
  ['scale', 'heapBytesPerLink', 'heap bytes per idle link', ['<= 8192', (v) => v <= 8192]],
  ['scale', 'deployMs', 'deploy 1,000 links (ms)', ['<= 500', (v) => v <= 500]],
  ['scale', 'deployCpuMs', 'server CPU of that deploy (ms)', null],
  ['liveLog', 'eventsPerSecond', 'clean log events/s', ['>= 20000', (v) => v >= 20_000]],
  ['liveLog', 'lost', 'lost at that rate', ['0', (v) => v === 0]],
  ['liveLog', 'duplicated', 'duplicated at that rate', ['0', (v) => v === 0]],
  ['liveLog', 'achievedPerSecond', 'lines/s appended at that rate', null],
  ['editor', 'firstRenderMs', 'first render, 1,000 nodes (ms)', ['<= 2000', (v) => v <= 2000]],
  ['editor', 'panFps', 'frames/s while panning', ['>= 30', (v) => v >= 30]],
];

/** Returns the value at a dotted key such as `latenessMs.p99`, or undefined. */
export function valueAt(object, dotted) {
  return dotted.split('.').reduce((value, key) => (value == null ? undefined : value[key]), object);
}

/** Prints one line per figure: workload, figure, value, target, and ok / MISSED. */
export function printReport(results) {
  const { machine } = results;
  console.log(`\nDatabay Studio benchmarks — ${machine.date}, ${machine.cpus} x ${machine.cpuModel}, Node ${machine.node}${machine.quick ? ', quick' : ''}, load average ${machine.loadAverage?.start} -> ${machine.loadAverage?.end}\n`);

  const lines = [['workload', 'figure', 'value', 'target', 'met']];
  for (const [workload, key, label, target] of TARGET_ROWS) {
    const section = results[workload];
    if (section === undefined) continue;
    if (section.error) {
      if (key === TARGET_ROWS.find((row) => row[0] === workload)[1]) lines.push([workload, 'FAILED', firstLine(section.error), '', '']);
      continue;
    }
    const value = valueAt(section, key);
    let verdict = '';
    if (target && typeof value === 'number') verdict = target[1](value) ? 'ok' : 'MISSED';
    lines.push([workload, label, value === undefined ? '-' : String(value), target ? target[0] : '', verdict]);
  }

  const widths = lines[0].map((_, column) => Math.max(...lines.map((line) => line[column].length)));
  for (const [index, line] of lines.entries()) {
    console.log(line.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
    if (index === 0) console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}

function firstLine(text) {
  const line = String(text).split('\n')[0];
  return line.length > 100 ? `${line.slice(0, 97)}...` : line;
}
