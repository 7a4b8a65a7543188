// Splits the inclusive time of one function by the functions it called directly, and lists the
// leaf functions that used the most time under it.
//   node bench/tools/profile-callees.mjs <file.cpuprofile> functionName [rows]
import { readFileSync } from 'node:fs';

const [file, focus, rowsArg] = process.argv.slice(2);
const rows = Number(rowsArg ?? 12);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const describe = ({ functionName, url, lineNumber }) =>
  `${functionName || '(anonymous)'} ${url ? `${url.split('/').slice(-2).join('/')}:${lineNumber + 1}` : ''}`;

const callees = new Map();
const leaves = new Map();
const callers = new Map();
let total = 0;
for (let i = 0; i < profile.samples.length; i += 1) {
  let below = '(self)';
  let found;
  for (let cursor = profile.samples[i]; cursor !== undefined; cursor = parent.get(cursor)) {
    if (byId.get(cursor).callFrame.functionName === focus) {
      found = cursor;
      break;
    }
    below = describe(byId.get(cursor).callFrame);
  }
  if (found === undefined) continue;

  const us = profile.timeDeltas[i] ?? 0;
  total += us;
  callees.set(below, (callees.get(below) ?? 0) + us);
  const leaf = describe(byId.get(profile.samples[i]).callFrame);
  leaves.set(leaf, (leaves.get(leaf) ?? 0) + us);
  const caller = parent.get(found) === undefined ? '(root)' : describe(byId.get(parent.get(found)).callFrame);
  callers.set(caller, (callers.get(caller) ?? 0) + us);
}

const print = (title, map) => {
  console.log(title);
  for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${key}`);
  }
};
console.log(`${focus}: ${(total / 1000).toFixed(1)} ms inclusive`);
print('called from:', callers);
print('direct callees:', callees);
print('leaves:', leaves);
