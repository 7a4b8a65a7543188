// Scale: heap cost of idle scheduled links, and the time to deploy a 1,000-link flow through
// the HTTP API of the real server.
import { fileURLToPath } from 'node:url';
import { runChild } from '../lib/child.mjs';
import { runMain } from '../lib/args.mjs';
import { loadServerPackage } from '../lib/engine.mjs';
import { buildChainFlow } from '../lib/flows.mjs';
import { requestJson, startServer } from '../lib/server.mjs';
import { round } from '../lib/stats.mjs';

const SCRIPT = fileURLToPath(import.meta.url);
const IDLE_LINKS = 10_000;
const DEPLOY_LINKS = 1_000;
/** Deploys timed per run, each followed by a stop. */
const FULL_DEPLOYS = 5;
const QUICK_DEPLOYS = 2;
// BENCH_DEPLOY_RUNS overrides both, e.g. 1 to profile the first deploy alone.

/** Node types of the deployed flow; the server's registry must know them. */
export const DEPLOY_INLET_TYPE = process.env.BENCH_INLET_TYPE ?? 'random-int-inlet';
export const DEPLOY_OUTLET_TYPE = process.env.BENCH_OUTLET_TYPE ?? 'null-outlet';

runMain(async (options) => {
  if (options.role === 'heap') return measureHeap();

  const heap = await runChild(SCRIPT, ['--role', 'heap']);
  const deploy = await measureDeploy(Number(process.env.BENCH_DEPLOY_RUNS) || (options.quick ? QUICK_DEPLOYS : FULL_DEPLOYS));
  return { links: IDLE_LINKS, ...heap, deployLinks: DEPLOY_LINKS, ...deploy };
});

/** Heap used by IDLE_LINKS scheduled links (1 h interval) with one inlet and one outlet each. */
async function measureHeap() {
  const { Inlet, Outlet, Link, NodeSchedulePlanner } = await loadServerPackage();
  class IdleInlet extends Inlet {
    pull() {
      return 1;
    }
  }
  class IdleOutlet extends Outlet {
    push() {}
  }

  const planner = new NodeSchedulePlanner({ immediateTransfer: false });
  await planner.start();
  const before = settledHeap();

  const links = [];
  for (let i = 0; i < IDLE_LINKS; i += 1) {
    links.push(
      new Link({
        id: `idle-${i}`,
        inlets: [new IdleInlet()],
        outlets: [new IdleOutlet()],
        interval: { hours: 1 },
        immediateTransfer: false,
      }),
    );
  }
  const afterCreate = settledHeap();

  // While the planner runs, addLinks resolves once the links are started and scheduled.
  await planner.addLinks(links);
  const scheduled = links.filter((link) => planner.nextTransferAt(link) !== undefined).length;
  if (scheduled !== IDLE_LINKS) {
    throw new Error(`Only ${scheduled} of ${IDLE_LINKS} links have a next transfer time after addLinks().`);
  }
  const afterSchedule = settledHeap();
  const result = {
    heapBytesPerLink: Math.round((afterSchedule - before) / IDLE_LINKS),
    heapBytesPerLinkObjects: Math.round((afterCreate - before) / IDLE_LINKS),
    heapBytesPerLinkSchedule: Math.round((afterSchedule - afterCreate) / IDLE_LINKS),
  };

  await planner.shutdown({ wait: true });
  // Keeps the links reachable until after the last measurement.
  if (links.length !== IDLE_LINKS) throw new Error('unreachable');
  return result;
}

function settledHeap() {
  for (let i = 0; i < 3; i += 1) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Starts the real server, saves a 1,000-link flow and times POST /api/flows/:id/deploy. */
async function measureDeploy(runs) {
  const server = await startServer();
  try {
    const flow = buildChainFlow({
      name: 'bench-deploy',
      groups: DEPLOY_LINKS,
      inletType: DEPLOY_INLET_TYPE,
      outletType: DEPLOY_OUTLET_TYPE,
      linkConfig: { interval: { seconds: 1 }, immediateTransfer: false },
      columns: 10,
    });
    const saved = await requestJson(server.baseUrl, 'POST', '/api/flows', flow);
    const flowId = saved.id ?? saved.flow?.id;
    if (!flowId) throw new Error(`POST /api/flows returned no flow id: ${JSON.stringify(saved).slice(0, 300)}`);

    const times = [];
    const cpuTimes = [];
    for (let run = 0; run < runs; run += 1) {
      const cpuBefore = server.cpuMs();
      const started = performance.now();
      await requestJson(server.baseUrl, 'POST', `/api/flows/${flowId}/deploy`);
      times.push(performance.now() - started);
      cpuTimes.push(server.cpuMs() - cpuBefore);
      await requestJson(server.baseUrl, 'POST', `/api/flows/${flowId}/stop`);
    }
    // The first deploy after the server started is the reported one: its code paths are still cold.
    const warm = times.slice(1).sort((a, b) => a - b);
    return {
      deployMs: round(times[0], 1),
      deployCpuMs: cpuTimes[0],
      ...(warm.length > 0 ? { deployMsWarmMedian: round(warm[Math.floor((warm.length - 1) / 2)], 1) } : {}),
      deployMsRuns: times.map((ms) => round(ms, 1)),
      // Server CPU time of each deploy request: steadier than wall time on a busy machine.
      deployCpuMsRuns: cpuTimes,
    };
  } finally {
    await server.stop();
  }
}
