// Schedule precision: many links at a 1 s interval on one NodeSchedulePlanner, with inlets and
// outlets that do nothing, so that what is measured is the planner's timing.
import { readFileSync } from 'node:fs';
import { runMain } from '../lib/args.mjs';
import { loadServerPackage } from '../lib/engine.mjs';
import { mean, nowMs, quantile, round } from '../lib/stats.mjs';

const LINKS = 1_000;
const INTERVAL_MS = 1_000;
const FULL_SECONDS = 60;
const QUICK_SECONDS = 20;
/** Ticks at each end of the run whose mean lateness is compared for drift. */
const DRIFT_TICKS = 10;
/** Ticks after start left out of `steadyLatenessMs`, which shows lateness once code is warm. */
const WARM_UP_TICKS = 3;
const FIRST_LINK_ID = 'schedule-0';

runMain(async (options) => {
  const seconds = Number(process.env.BENCH_SCHEDULE_SECONDS) || (options.quick ? QUICK_SECONDS : FULL_SECONDS);
  const { Inlet, Outlet, Link, NodeSchedulePlanner } = await loadServerPackage();

  /** Pull times of each link, in epoch ms with sub-millisecond precision. */
  const pulls = new Map();
  /** Per tick of the first link: its pull time and the main thread's run-queue wait so far. */
  const waits = [];

  class StampInlet extends Inlet {
    constructor(linkId) {
      super({ name: `stamp-${linkId}` });
      this.linkId = linkId;
    }

    pull() {
      const time = nowMs();
      pulls.get(this.linkId).push(time);
      if (this.linkId === FIRST_LINK_ID) waits.push({ time, runQueueMs: runQueueWaitMs() });
      return 1;
    }
  }

  class DropOutlet extends Outlet {
    push() {}
  }

  const links = [];
  for (let i = 0; i < LINKS; i += 1) {
    const id = `schedule-${i}`;
    pulls.set(id, []);
    links.push(
      new Link({
        id,
        inlets: [new StampInlet(id)],
        outlets: [new DropOutlet()],
        interval: INTERVAL_MS,
        immediateTransfer: false,
      }),
    );
  }

  const planner = new NodeSchedulePlanner({ links, immediateTransfer: false });
  let skipped = 0;
  let failed = 0;
  planner.on('transferSkipped', (event) => {
    skipped += event.missedTicks ?? 1;
  });
  planner.on('transferFinished', (event) => {
    if (event.status !== 'ok') failed += 1;
  });

  // With BENCH_DEBUG, GC pauses are recorded to compare them with slow ticks.
  const gcPauses = [];
  let gcObserver;
  if (process.env.BENCH_DEBUG) {
    const { PerformanceObserver } = await import('node:perf_hooks');
    gcObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) gcPauses.push({ at: performance.timeOrigin + entry.startTime, ms: entry.duration, kind: entry.detail?.kind });
    });
    gcObserver.observe({ entryTypes: ['gc'] });
  }

  await planner.start();
  const anchors = new Map();
  for (const link of links) {
    const next = planner.nextTransferAt(link);
    if (!next) throw new Error(`planner.nextTransferAt(${link.id}) is undefined right after start().`);
    anchors.set(link.id, next.getTime() - INTERVAL_MS);
  }

  // The window covers grid points 1..seconds of every link, with half an interval to spare.
  const lastAnchor = Math.max(...anchors.values());
  const windowEnd = lastAnchor + seconds * INTERVAL_MS + INTERVAL_MS / 2;
  const clockOffsetAtStart = clockOffsetMs();
  const cpuBefore = process.cpuUsage();
  const wallBefore = nowMs();
  await sleep(windowEnd - nowMs());
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = nowMs() - wallBefore;
  const clockOffsetAtEnd = clockOffsetMs();
  await planner.shutdown({ wait: true });
  gcObserver?.disconnect();

  return {
    ...summarize({ seconds, pulls, anchors, cpu, wallMs, skipped, failed, gcPauses }),
    runQueueWaitMs: summarizeWaits(waits),     clockOffsetMs: { start: round(clockOffsetAtStart, 2), end: round(clockOffsetAtEnd, 2) },
  };
});

/**
 * Time the main thread was ready to run but waited for a core, in ms, from the second field of
 * /proc/self/schedstat (Linux; undefined elsewhere). Lateness that comes with a large wait is
 * the machine's doing, not the planner's.
 */
function runQueueWaitMs() {
  try {
    return Number(readFileSync('/proc/self/schedstat', 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return undefined;
  }
}

/** Total run-queue wait over the ticks, and the largest wait between two consecutive ticks. */
function summarizeWaits(waits) {
  if (waits.length < 2 || waits[0].runQueueMs === undefined) return undefined;
  let maxBetweenTicks = 0;
  for (let i = 1; i < waits.length; i += 1) {
    maxBetweenTicks = Math.max(maxBetweenTicks, waits[i].runQueueMs - waits[i - 1].runQueueMs);
  }
  return { total: round(waits.at(-1).runQueueMs - waits[0].runQueueMs, 1), maxBetweenTicks: round(maxBetweenTicks, 1) };
}

function summarize({ seconds, pulls, anchors, cpu, wallMs, skipped, failed, gcPauses }) {
  const lateness = [];
  const latenessByTick = Array.from({ length: seconds + 1 }, () => []);
  let transfers = 0;
  let duplicated = 0;
  let early = 0;

  for (const [linkId, times] of pulls) {
    const anchor = anchors.get(linkId);
    const seen = new Set();
    for (const time of times) {
      // A pull belongs to the nearest grid point. The pull clock (timeOrigin + now) and Date.now(),
      // which the planner schedules by, may differ by a fraction of a millisecond, so a pull at
      // its grid time may read as slightly early.
      const tick = Math.round((time - anchor) / INTERVAL_MS);
      if (tick < 1 || tick > seconds) continue;
      if (seen.has(tick)) {
        duplicated += 1;
        continue;
      }
      seen.add(tick);
      const late = time - (anchor + tick * INTERVAL_MS);
      if (late < 0) early += 1;
      lateness.push(late);
      latenessByTick[tick].push(late);
      transfers += 1;
    }
  }

  lateness.sort((a, b) => a - b);
  const firstTicks = latenessByTick.slice(1, 1 + DRIFT_TICKS).flat();
  const lastTicks = latenessByTick.slice(seconds + 1 - DRIFT_TICKS).flat();
  const steady = latenessByTick.slice(1 + WARM_UP_TICKS).flat().sort((a, b) => a - b);
  const expectedTransfers = pulls.size * seconds;

  // Per tick: how late the first link of the tick was pulled (timer wake-up), and how long the
  // planner took from the first pull to the last one of the same tick (fan-out).
  const wakeUps = [];
  const fanOuts = [];
  for (const tickLateness of latenessByTick.slice(1)) {
    if (tickLateness.length === 0) continue;
    const first = Math.min(...tickLateness);
    wakeUps.push(first);
    fanOuts.push(Math.max(...tickLateness) - first);
  }
  if (process.env.BENCH_DEBUG) {
    console.error('per tick: first pull lateness / fan-out (ms)');
    console.error(wakeUps.map((wake, i) => `${wake.toFixed(1)}/${fanOuts[i].toFixed(1)}`).join(' '));
    const anchor = [...anchors.values()][0];
    for (const pause of gcPauses) {
      const sinceTick = (pause.at - anchor) % INTERVAL_MS;
      const tick = Math.floor((pause.at - anchor) / INTERVAL_MS);
      if (pause.ms >= 1) console.error(`gc kind ${pause.kind} ${pause.ms.toFixed(1)} ms at tick ${tick} + ${sinceTick.toFixed(1)} ms`);
    }
  }
  wakeUps.sort((a, b) => a - b);
  fanOuts.sort((a, b) => a - b);

  return {
    links: pulls.size,
    seconds,
    expectedTransfers,
    transfers,
    missed: expectedTransfers - transfers,
    skippedEvents: skipped,
    failedTransfers: failed,
    duplicated,
    early,
    latenessMs: {
      p50: round(quantile(lateness, 0.5), 2),
      p99: round(quantile(lateness, 0.99), 2),
      max: round(lateness.at(-1) ?? NaN, 2),
    },
    steadyLatenessMs: { fromTick: WARM_UP_TICKS + 1, p99: round(quantile(steady, 0.99), 2), max: round(steady.at(-1) ?? NaN, 2) },
    firstPullLatenessMs: { p50: round(quantile(wakeUps, 0.5), 2), max: round(wakeUps.at(-1) ?? NaN, 2) },
    tickFanOutMs: { p50: round(quantile(fanOuts, 0.5), 2), max: round(fanOuts.at(-1) ?? NaN, 2) },
    driftMs: round(mean(lastTicks) - mean(firstTicks), 2),
    // Percent of one core, over the measured window.
    cpuPercent: round(((cpu.user + cpu.system) / 1000 / wallMs) * 100, 2),
  };
}

/**
 * Returns Date.now() minus the pull clock, as the median of 21 readings. Date.now() counts whole
 * milliseconds, so the result reads up to 1 ms low.
 */
function clockOffsetMs() {
  const offsets = [];
  for (let i = 0; i < 21; i += 1) offsets.push(Date.now() - nowMs());
  offsets.sort((a, b) => a - b);
  return offsets[10];
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
