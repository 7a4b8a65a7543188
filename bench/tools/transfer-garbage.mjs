// Measures the heap a trivial transfer allocates (garbage included), by allocation site, with
// V8's sampling heap profiler. 1,000 links with one inlet returning 1 and one outlet doing
// nothing run 10 transfers each after 5 warm-up transfers.
//   node bench/tools/transfer-garbage.mjs [rows]
import { Session } from 'node:inspector/promises';
import { loadServerPackage } from '../lib/engine.mjs';

const LINKS = 1_000;
const ROUNDS = 10;
const rows = Number(process.argv[2] ?? 12);
const { Inlet, Outlet, Link, NodeSchedulePlanner } = await loadServerPackage();

class OneInlet extends Inlet {
  pull() {
    return 1;
  }
}
class NoOutlet extends Outlet {
  push() {}
}

const links = Array.from(
  { length: LINKS },
  (_, i) => new Link({ id: `garbage-${i}`, inlets: [new OneInlet()], outlets: [new NoOutlet()], interval: 1000, immediateTransfer: false }),
);
// A planner listening to transferFinished, as the studio's deployments do.
const planner = new NodeSchedulePlanner({ links, immediateTransfer: false });
planner.on('transferFinished', () => {});
for (const link of links) await link.start();
for (let round = 0; round < 5; round += 1) await Promise.all(links.map((link) => link.transfer()));

const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 256,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
for (let round = 0; round < ROUNDS; round += 1) await Promise.all(links.map((link) => link.transfer()));
const { profile } = await session.post('HeapProfiler.stopSampling');

const bySite = new Map();
let total = 0;
const visit = (node) => {
  if (node.selfSize > 0) {
    const { functionName, url, lineNumber } = node.callFrame;
    const site = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
    bySite.set(site, (bySite.get(site) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const child of node.children) visit(child);
};
visit(profile.head);

const transfers = LINKS * ROUNDS;
console.log(`${Math.round(total / transfers)} bytes allocated per transfer (sampled estimate)`);
for (const [site, bytes] of [...bySite].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
  console.log(`${String(Math.round(bytes / transfers)).padStart(6)} B  ${site}`);
}
