import { afterEach, describe, expect, it } from 'vitest';
import type {
  NodeFailedEvent,
  PlannerStoppedEvent,
  TransferFinishedEvent,
  TransferSkippedEvent,
  TransferStartedEvent,
} from './events.js';
import { Link, type LinkOptions } from './link.js';
import { NodeSchedulePlanner, plannerInternals, type NodeSchedulePlannerOptions } from './planner.js';
import { CollectOutlet, Journal, memoryLogger, silentLogger, sleep, ValueInlet, waitFor } from './test-support/nodes.js';

const DAY = 86_400_000;
const planners: NodeSchedulePlanner[] = [];

function makeLink(options: Partial<LinkOptions> = {}): Link {
  return new Link({
    inlets: [new ValueInlet({ value: 1 })],
    outlets: [new CollectOutlet()],
    interval: 60_000,
    logger: silentLogger,
    ...options,
  });
}

function makePlanner(options: NodeSchedulePlannerOptions = {}): NodeSchedulePlanner {
  const planner = new NodeSchedulePlanner({ logger: silentLogger, ...options });
  planners.push(planner);
  return planner;
}

afterEach(async () => {
  for (const planner of planners.splice(0)) await planner.shutdown({ wait: false });
});

describe('NodeSchedulePlanner start', () => {
  it('runs immediate transfers before start resolves', async () => {
    const inlet = new ValueInlet({ value: 1, delayMs: 20 });
    const planner = makePlanner({ links: [makeLink({ inlets: [inlet] })] });

    await planner.start();

    expect(inlet.pulls).toBe(1);
    expect(planner.running).toBe(true);
  });

  it.each([
    [true, true, 1],
    [true, false, 0],
    [false, true, 0],
    [false, false, 0],
  ])('planner immediateTransfer %s, link %s: %i pulls', async (plannerOption, linkOption, pulls) => {
    const inlet = new ValueInlet({ value: 1 });
    const planner = makePlanner({
      immediateTransfer: plannerOption,
      links: [makeLink({ inlets: [inlet], immediateTransfer: linkOption })],
    });

    await planner.start();

    expect(inlet.pulls).toBe(pulls);
  });

  it('schedules every link on a shared anchor once started', async () => {
    const links = [makeLink({ interval: 60_000 }), makeLink({ interval: 60_000 }), makeLink({ interval: 5_000 })];
    const planner = makePlanner({ links, immediateTransfer: false });
    const before = Date.now();

    await planner.start();

    const next = links.map((link) => planner.nextTransferAt(link)!.getTime());
    expect(next[0]).toBe(next[1]);
    expect(next[0] - 60_000).toBe(next[2] - 5_000);
    expect(next[0] - 60_000).toBeGreaterThanOrEqual(before);
    const scheduler = plannerInternals.scheduler(planner)!;
    expect(scheduler.jobFor(links[0])).toBe(scheduler.jobFor(links[1]));
  });

  it('emits started and stopped', async () => {
    const planner = makePlanner({ links: [makeLink()] });
    const events: string[] = [];
    planner.on('started', (event) => events.push(`started ${event.planner === planner}`));
    planner.on('stopped', (event) => events.push(`stopped ${event.error === undefined}`));

    await planner.start();
    await planner.shutdown();

    expect(events).toEqual(['started true', 'stopped true']);
  });

  it('completes start and shutdown despite throwing listeners', async () => {
    const { logger, lines } = memoryLogger();
    const planner = makePlanner({ links: [makeLink()], logger });
    planner.on('started', () => {
      throw new Error('started listener bug');
    });
    planner.on('stopped', () => {
      throw new Error('stopped listener bug');
    });

    await planner.start();
    expect(planner.running).toBe(true);
    await planner.shutdown();

    expect(planner.running).toBe(false);
    expect(lines.filter((line) => line.level === 50).map((line) => line.event)).toEqual(['started', 'stopped']);
  });

  it('rejects a second start while running', async () => {
    const planner = makePlanner();
    await planner.start();

    await expect(planner.start()).rejects.toThrow('Cannot start a planner that is running');
  });

  it('can start again after a shutdown', async () => {
    const inlet = new ValueInlet({ value: 1 });
    const planner = makePlanner({ links: [makeLink({ inlets: [inlet] })] });

    await planner.start();
    await planner.shutdown();
    await planner.start();

    expect(inlet.pulls).toBe(2);
  });
});

describe('scheduling', () => {
  it('transfers on the grid and reports scheduledAt', async () => {
    const link = makeLink({ interval: 100, immediateTransfer: false });
    const planner = makePlanner({ links: [link] });
    const started: TransferStartedEvent[] = [];
    planner.on('transferStarted', (event) => started.push(event));

    await planner.start();
    const anchor = planner.nextTransferAt(link)!.getTime() - 100;
    await waitFor(() => started.length >= 3);
    await planner.shutdown();

    const scheduled = started.map((event) => event.scheduledAt!.getTime() - anchor);
    expect(scheduled.slice(0, 3)).toEqual([100, 200, 300]);
    for (const event of started) {
      expect(event.startedAt.getTime()).toBeGreaterThanOrEqual(event.scheduledAt!.getTime());
    }
  });

  it('schedules a 30-day interval without overflow', async () => {
    const link = makeLink({ interval: { days: 30 }, immediateTransfer: false });
    const planner = makePlanner({ links: [link] });
    const before = Date.now();

    await planner.start();

    const next = planner.nextTransferAt(link)!.getTime();
    expect(next - before).toBeGreaterThanOrEqual(30 * DAY);
    expect(next - before).toBeLessThan(30 * DAY + 5_000);
    const job = plannerInternals.scheduler(planner)!.jobFor(link)!;
    expect(new Date(job.nextInvocation()!.getTime()).getTime()).toBe(next);
    // A setTimeout beyond 2^31-1 ms would fire at once; wait a little to see that nothing ran.
    await sleep(50);
    expect(link.transfers).toBe(0);
  });

  it('skips a tick that overlaps the running transfer', async () => {
    const { logger, lines } = memoryLogger();
    const inlet = new ValueInlet({ value: 1, delayMs: 250 });
    const link = makeLink({ id: 'slow', inlets: [inlet], interval: 100, immediateTransfer: false, logger });
    const planner = makePlanner({ links: [link] });
    const skipped: TransferSkippedEvent[] = [];
    planner.on('transferSkipped', (event) => skipped.push(event));

    await planner.start();
    await waitFor(() => skipped.length >= 1);
    await planner.shutdown();

    expect(skipped[0]).toMatchObject({ link, reason: 'overlap', missedTicks: 1 });
    expect(inlet.maxActive).toBe(1);
    const warning = lines.find((line) => line.level === 40 && /skipped/.test(line.msg));
    expect(warning).toMatchObject({ linkId: 'slow', skippedInARow: 1 });
  });

  it('logs one warning per overlapping run', async () => {
    const { logger, lines } = memoryLogger();
    const inlet = new ValueInlet({ value: 1, delayMs: 230 });
    const link = makeLink({ id: 'overrun', inlets: [inlet], interval: 50, immediateTransfer: false, logger });
    const planner = makePlanner({ links: [link] });
    const skipped: TransferSkippedEvent[] = [];
    planner.on('transferSkipped', (event) => skipped.push(event));

    await planner.start();
    await waitFor(() => inlet.pulls >= 2);
    await planner.shutdown();

    // Lines of the first overrun only: a second transfer may overrun before shutdown.
    const summaryIndex = lines.findIndex((line) => line.level === 40 && /ran over several ticks/.test(line.msg));
    const firstRun = lines.slice(0, summaryIndex);
    const warnings = firstRun.filter((line) => line.level === 40 && line.msg.startsWith('transfer skipped'));
    const repeats = firstRun.filter((line) => line.level === 20 && line.msg.startsWith('transfer skipped'));
    expect(summaryIndex).toBeGreaterThan(0);
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    expect(warnings).toHaveLength(1);
    expect(repeats.length).toBeGreaterThanOrEqual(1);
    expect(lines[summaryIndex].skippedTicks).toBe(warnings.length + repeats.length);
  });

  it('reports ticks missed while the process was blocked', async () => {
    const { logger, lines } = memoryLogger();
    const link = makeLink({ id: 'blocked', interval: 50, immediateTransfer: false });
    const planner = makePlanner({ links: [link], logger });
    const skipped: TransferSkippedEvent[] = [];
    planner.on('transferSkipped', (event) => skipped.push(event));

    await planner.start();
    await waitFor(() => link.transfers >= 1);
    const blockUntil = Date.now() + 230;
    while (Date.now() < blockUntil) {
      // Busy-wait: the event loop cannot run the ticks due meanwhile.
    }
    await waitFor(() => skipped.length >= 1);
    await planner.shutdown();

    expect(skipped[0].reason).toBe('missed');
    expect(skipped[0].missedTicks).toBeGreaterThanOrEqual(2);
    const line = lines.find((entry) => entry.level === 40 && /ticks missed/.test(entry.msg));
    expect(line).toMatchObject({ links: 1, linkIds: ['blocked'] });
    expect(line?.maxMissedTicks).toBe(skipped[0].missedTicks);
  });

  it('adds and removes links while running', async () => {
    const journal = new Journal();
    const first = makeLink({ interval: 50, inlets: [new ValueInlet({ name: 'first', value: 1, journal })] });
    const planner = makePlanner({ links: [first] });
    await planner.start();

    const added = makeLink({ interval: 50, inlets: [new ValueInlet({ name: 'added', value: 1, journal })] });
    await planner.addLinks(added);
    expect(journal.count('start:added')).toBe(1);
    expect(journal.count('pull:added:start')).toBe(1);
    expect(planner.nextTransferAt(added)).toBeInstanceOf(Date);
    await waitFor(() => added.transfers >= 3);

    await planner.removeLinks(first);
    const pullsAfterRemove = first.transfers;
    expect(journal.count('shutdown:first')).toBe(1);
    expect(planner.nextTransferAt(first)).toBeUndefined();
    expect(planner.links).toEqual([added]);
    await sleep(150);
    expect(first.transfers).toBe(pullsAfterRemove);
    expect(added.transfers).toBeGreaterThan(3);
  });

  it('purges every link', async () => {
    const journal = new Journal();
    const links = [
      makeLink({ inlets: [new ValueInlet({ name: 'a', journal })] }),
      makeLink({ inlets: [new ValueInlet({ name: 'b', journal })] }),
    ];
    const planner = makePlanner({ links });
    await planner.start();

    await planner.purge();

    expect(planner.links).toEqual([]);
    expect(journal.count('shutdown:a')).toBe(1);
    expect(journal.count('shutdown:b')).toBe(1);
  });

  it('keeps a removed link silent for the planner', async () => {
    const link = makeLink();
    const planner = makePlanner({ links: [link] });
    const seen: TransferFinishedEvent[] = [];
    planner.on('transferFinished', (event) => seen.push(event));

    await planner.removeLinks(link);
    await link.transfer();
    await link.shutdown();

    expect(seen).toHaveLength(0);
  });
});

describe('forceTransfer', () => {
  it('runs all links now while running', async () => {
    const links = [makeLink({ immediateTransfer: false }), makeLink({ immediateTransfer: false })];
    const planner = makePlanner({ links });
    await planner.start();

    const results = await planner.forceTransfer();

    expect(results.map((result) => result.status)).toEqual(['ok', 'ok']);
    expect(links.map((link) => link.transfers)).toEqual([1, 1]);
    expect(links.every((link) => link.started)).toBe(true);
  });

  it('starts and stops links when the planner is not running', async () => {
    const journal = new Journal();
    const link = makeLink({ inlets: [new ValueInlet({ name: 'x', value: 1, journal })] });
    const planner = makePlanner({ links: [link] });

    await planner.forceTransfer(link);

    expect(journal.entries).toEqual(['start:x', 'pull:x:start', 'pull:x:end', 'shutdown:x']);
  });

  it('rejects on failure without ignoreExceptions but keeps running', async () => {
    const link = makeLink({ inlets: [new ValueInlet({ name: 'bad', error: new Error('boom') })], immediateTransfer: false });
    const planner = makePlanner({ links: [link] });
    await planner.start();

    await expect(planner.forceTransfer(link)).rejects.toThrow('inlet "bad" threw: boom');
    expect(planner.running).toBe(true);
  });

  it('borrows a link the running planner has not started', async () => {
    const journal = new Journal();
    const link = makeLink({ inlets: [new ValueInlet({ name: 'outside', value: 1, journal })] });
    const planner = makePlanner({ links: [makeLink()] });
    await planner.start();

    await planner.forceTransfer(link);

    expect(journal.count('shutdown:outside')).toBe(1);
    expect(link.started).toBe(false);
  });

  it('resolves with the successes when ignoring exceptions', async () => {
    const good = makeLink({ immediateTransfer: false });
    const bad = makeLink({ inlets: [new ValueInlet({ error: new Error('boom') })], immediateTransfer: false });
    const planner = makePlanner({ links: [good, bad], ignoreExceptions: true });

    const results = await planner.forceTransfer();

    expect(results).toHaveLength(1);
    expect(results[0].link).toBe(good);
  });
});

describe('planner failures', () => {
  it('shuts down gracefully after a failed scheduled transfer', async () => {
    const journal = new Journal();
    let calls = 0;
    const inlet = new ValueInlet({
      name: 'flaky',
      journal,
      value: () => {
        calls += 1;
        if (calls === 2) throw new Error('second pull fails');
        return calls;
      },
    });
    const link = makeLink({ inlets: [inlet], interval: 50 });
    const planner = makePlanner({ links: [link] });
    const stopped: PlannerStoppedEvent[] = [];
    planner.on('stopped', (event) => stopped.push(event));

    await planner.start();
    await waitFor(() => stopped.length === 1);

    expect(planner.running).toBe(false);
    expect(stopped[0].error?.message).toMatch(/inlet "flaky" threw: second pull fails/);
    expect(journal.count('shutdown:flaky')).toBe(1);
    await sleep(120);
    expect(calls).toBe(2);
  });

  it('keeps scheduling after failures with ignoreExceptions', async () => {
    const { logger, lines } = memoryLogger();
    const link = makeLink({ id: 'always-fails', logger, inlets: [new ValueInlet({ error: new Error('nope') })], interval: 40 });
    const planner = makePlanner({ links: [link], ignoreExceptions: true });
    const finished: TransferFinishedEvent[] = [];
    planner.on('transferFinished', (event) => finished.push(event));

    await planner.start();
    await waitFor(() => finished.length >= 3);

    expect(planner.running).toBe(true);
    expect(finished.every((event) => event.status === 'failed')).toBe(true);
    expect(lines.filter((line) => line.msg === 'transfer failed' && line.linkId === 'always-fails').length).toBeGreaterThanOrEqual(3);
  });

  it('rejects start when an immediate transfer fails', async () => {
    const journal = new Journal();
    const link = makeLink({ inlets: [new ValueInlet({ name: 'bad', journal, error: new Error('at once') })] });
    const planner = makePlanner({ links: [link] });

    await expect(planner.start()).rejects.toThrow('at once');

    expect(planner.running).toBe(false);
    expect(journal.count('shutdown:bad')).toBe(1);
  });

  it('rejects start when onStart fails and releases the other links', async () => {
    const journal = new Journal();
    const good = makeLink({ inlets: [new ValueInlet({ name: 'good', journal })] });
    const bad = makeLink({ inlets: [new ValueInlet({ name: 'bad', journal, startError: new Error('no db') })] });
    const planner = makePlanner({ links: [good, bad] });
    const failures: NodeFailedEvent[] = [];
    planner.on('nodeFailed', (event) => failures.push(event));

    await expect(planner.start()).rejects.toThrow('onStart of "bad" threw: no db');

    expect(journal.count('shutdown:good')).toBe(1);
    expect(failures[0]).toMatchObject({ stage: 'start', nodeName: 'bad', link: bad });
    expect(planner.running).toBe(false);
  });

  it('retries a failed onStart on each tick with ignoreExceptions', async () => {
    const journal = new Journal();
    let starts = 0;
    const inlet = new ValueInlet({ name: 'late-db', value: 1, journal });
    inlet.onStart = () => {
      starts += 1;
      journal.add('start:late-db');
      if (starts === 1) throw new Error('not ready yet');
    };
    const link = makeLink({ inlets: [inlet], interval: 40 });
    const planner = makePlanner({ links: [link], ignoreExceptions: true });

    await planner.start();
    expect(inlet.pulls).toBe(0);
    await waitFor(() => inlet.pulls >= 1);
    await planner.shutdown();

    expect(starts).toBe(2);
    expect(journal.count('shutdown:late-db')).toBe(1);
  });

  it('leaves out an added link whose onStart fails', async () => {
    const running = makeLink();
    const planner = makePlanner({ links: [running] });
    await planner.start();
    const broken = makeLink({ inlets: [new ValueInlet({ startError: new Error('refused') })] });

    await planner.addLinks(broken);

    expect(planner.links).toEqual([running]);
    expect(planner.nextTransferAt(broken)).toBeUndefined();
    expect(planner.running).toBe(true);
  });

  it('forwards nodeFailed with link and update', async () => {
    const link = makeLink({ tags: ['t'], inlets: [new ValueInlet({ name: 'in', error: new Error('x') })], ignoreExceptions: true });
    const planner = makePlanner({ links: [link] });
    const failures: NodeFailedEvent[] = [];
    planner.on('nodeFailed', (event) => failures.push(event));

    await planner.start();

    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ link, stage: 'inlet', nodeName: 'in' });
    expect(failures[0].update?.toString()).toBe('t.0');
    expect(failures[0].error.stack).toContain('x');
  });
});

describe('shutdown', () => {
  it('waits for running transfers before onShutdown', async () => {
    const journal = new Journal();
    const inlet = new ValueInlet({ name: 'slow', value: 1, delayMs: 100, journal });
    const link = makeLink({ inlets: [inlet], interval: 30, immediateTransfer: false });
    const planner = makePlanner({ links: [link] });
    await planner.start();
    await waitFor(() => link.running);

    await planner.shutdown({ wait: true });

    expect(link.running).toBe(false);
    expect(journal.entries.indexOf('shutdown:slow')).toBeGreaterThan(journal.entries.indexOf('pull:slow:end'));
  });

  it('does not wait with wait false but still releases nodes', async () => {
    const journal = new Journal();
    const inlet = new ValueInlet({ name: 'slow', value: 1, delayMs: 150, journal });
    const link = makeLink({ inlets: [inlet], interval: 30, immediateTransfer: false });
    const planner = makePlanner({ links: [link] });
    await planner.start();
    await waitFor(() => link.running);

    await planner.shutdown({ wait: false });

    expect(link.running).toBe(true);
    expect(journal.count('shutdown:slow')).toBe(1);
    expect(journal.count('pull:slow:end')).toBe(0);
    await link.whenIdle();
  });

  it('stops scheduling', async () => {
    const link = makeLink({ interval: 30, immediateTransfer: false });
    const planner = makePlanner({ links: [link] });
    await planner.start();
    await waitFor(() => link.transfers >= 1);

    await planner.shutdown();
    const count = link.transfers;
    await sleep(100);

    expect(link.transfers).toBe(count);
    expect(planner.nextTransferAt(link)).toBeUndefined();
  });
});

describe('lifecycle across planners', () => {
  it('runs onStart and onShutdown once across two links and two planners', async () => {
    const journal = new Journal();
    const inlet = new ValueInlet({ name: 'shared-in', value: 1, journal });
    const outlet = new CollectOutlet({ name: 'shared-out', journal });
    const first = makePlanner({ links: [makeLink({ inlets: [inlet], outlets: [outlet] })] });
    const second = makePlanner({ links: [makeLink({ inlets: [inlet], outlets: [outlet] })] });

    await first.start();
    await second.start();
    await first.shutdown();
    expect(journal.count('shutdown:shared-in')).toBe(0);
    await second.shutdown();

    expect(journal.count('start:shared-in')).toBe(1);
    expect(journal.count('start:shared-out')).toBe(1);
    expect(journal.count('shutdown:shared-in')).toBe(1);
    expect(journal.count('shutdown:shared-out')).toBe(1);
    expect(journal.count('pull:shared-in:start')).toBe(2);
  });

  it('keeps a link shared by two planners started until both stop', async () => {
    const journal = new Journal();
    const link = makeLink({ inlets: [new ValueInlet({ name: 'in', value: 1, journal })] });
    const first = makePlanner({ links: [link] });
    const second = makePlanner({ links: [link] });

    await first.start();
    await second.start();
    await first.shutdown();
    expect(link.started).toBe(true);
    await second.shutdown();

    expect(link.started).toBe(false);
    expect(journal.count('shutdown:in')).toBe(1);
  });
});
