// Prints the functions with the most self time in a V8 .cpuprofile (from `node --cpu-prof`).
//   node bench/tools/profile-top.mjs <file.cpuprofile> [rows]
import { readFileSync } from 'node:fs';

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('Usage: node bench/tools/profile-top.mjs <file.cpuprofile> [rows]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const rows = Number(rowsArg ?? 30);

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfUs = new Map();
const intervals = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i += 1) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (intervals[i] ?? 0));
}

const totals = new Map();
let allUs = 0;
for (const [id, us] of selfUs) {
  const { callFrame } = byId.get(id);
  const where = callFrame.url ? `${callFrame.url.replace(/^file:\/\//, '').replace(process.cwd() + '/', '')}:${callFrame.lineNumber + 1}` : '';
  const key = `${callFrame.functionName || '(anonymous)'} ${where}`;
  totals.set(key, (totals.get(key) ?? 0) + us);
  allUs += us;
}

const busyUs = allUs - (totals.get('(idle) ') ?? 0);
console.log(`total ${(allUs / 1000).toFixed(0)} ms, busy ${(busyUs / 1000).toFixed(0)} ms`);
for (const [key, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
  console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((us / busyUs) * 100).toFixed(1).padStart(5)}%  ${key}`);
}

// With a third argument, also prints the call paths (leaf last) that spent the most self time
// in functions whose name contains it.
const focus = process.argv[4];
if (focus) {
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const paths = new Map();
  for (const [id, us] of selfUs) {
    if (!byId.get(id).callFrame.functionName.includes(focus)) continue;
    const names = [];
    for (let cursor = id; cursor !== undefined && names.length < 8; cursor = parent.get(cursor)) {
      const { functionName, url, lineNumber } = byId.get(cursor).callFrame;
      names.unshift(`${functionName || '(anonymous)'}${url ? `@${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`);
    }
    const key = names.join(' > ');
    paths.set(key, (paths.get(key) ?? 0) + us);
  }
  console.log(`\ncall paths into "${focus}":`);
  for (const [key, us] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${key}`);
  }
}
