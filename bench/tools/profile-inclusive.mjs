// Prints the inclusive time (self time of the function and everything it called) of the named
// functions in a V8 .cpuprofile.
//   node bench/tools/profile-inclusive.mjs <file.cpuprofile> name1 name2 ...
import { readFileSync } from 'node:fs';

const [file, ...names] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const totals = new Map(names.map((name) => [name, 0]));
for (let i = 0; i < profile.samples.length; i += 1) {
  const onStack = new Set();
  for (let cursor = profile.samples[i]; cursor !== undefined; cursor = parent.get(cursor)) {
    onStack.add(byId.get(cursor).callFrame.functionName);
  }
  for (const name of names) if (onStack.has(name)) totals.set(name, totals.get(name) + (profile.timeDeltas[i] ?? 0));
}
for (const [name, us] of totals) console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${name}`);
