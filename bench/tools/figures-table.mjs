// Prints the figures of a results file as the Markdown table used in BENCHMARKS.md.
//   node bench/tools/figures-table.mjs [bench/results/latest.json]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TARGET_ROWS, valueAt } from '../lib/report.mjs';

const file = process.argv[2] ?? fileURLToPath(new URL('../results/latest.json', import.meta.url));
const results = JSON.parse(readFileSync(file, 'utf8'));

const { machine } = results;
const load = machine.loadAverage ? `, 1-minute load average ${machine.loadAverage.start} at the start and ${machine.loadAverage.end} at the end` : '';
console.log(`Measured ${machine.date}${machine.quick ? ' (--quick)' : ''}, Node ${machine.node}${load}.\n`);
console.log('| workload | figure | value | target | met |');
console.log('|---|---|---|---|---|');
for (const [workload, key, label, target] of TARGET_ROWS) {
  const section = results[workload];
  if (section === undefined) continue;
  if (section.error) {
    console.log(`| ${workload} | ${label} | failed | ${target ? target[0] : ''} | |`);
    continue;
  }
  const value = valueAt(section, key);
  const met = target && typeof value === 'number' ? (target[1](value) ? 'yes' : '**no**') : '';
  console.log(`| ${workload} | ${label} | ${value ?? '-'} | ${target ? target[0] : ''} | ${met} |`);
}
