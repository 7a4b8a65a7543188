import { afterEach, describe, expect, it } from 'vitest';
import { InvalidLinkOptionError } from './errors.js';
import type { TransferSkippedEvent, TransferStartedEvent } from './events.js';
import { Link, type LinkOptions } from './link.js';
import { Outlet, type Processor } from './outlet.js';
import { NodeSchedulePlanner } from './planner.js';
import { DataRecord } from './record.js';
import { CollectOutlet, Journal, silentLogger, ValueInlet, waitFor } from './test-support/nodes.js';

const planners: NodeSchedulePlanner[] = [];

afterEach(async () => {
  for (const planner of planners.splice(0)) await planner.shutdown({ wait: false });
});

function makePlanner(links: Link[]): NodeSchedulePlanner {
  const planner = new NodeSchedulePlanner({ links, logger: silentLogger, ignoreExceptions: true });
  planners.push(planner);
  return planner;
}

function makeLink(options: Partial<LinkOptions>): Link {
  return new Link({
    inlets: [new ValueInlet({ value: 1 })],
    outlets: [new CollectOutlet()],
    interval: 60_000,
    immediateTransfer: false,
    logger: silentLogger,
    ...options,
  });
}

/** An outlet whose every push waits until the test releases it, and that counts pushes running at once. */
class GateOutlet extends Outlet {
  active = 0;
  maxActive = 0;
  private waiting: (() => void)[] = [];

  async push(): Promise<void> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active -= 1;
  }

  /** Lets every push that waits now finish. */
  releaseAll(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

function record(link: Link) {
  const started: TransferStartedEvent[] = [];
  const skipped: TransferSkippedEvent[] = [];
  link.on('transferStarted', (event) => started.push(event));
  link.on('transferSkipped', (event) => skipped.push(event));
  return { started, skipped };
}

describe('Link schedule options', () => {
  it('rejects a bad cron or time zone', () => {
    expect(() => makeLink({ schedule: { cron: '61 * * * *' } })).toThrow(InvalidLinkOptionError);
    expect(() => makeLink({ id: 'l7', schedule: { cron: '0 6 * * *', timezone: 'Mars/Olympus' } })).toThrow(
      /Link "l7": invalid schedule: .*Mars\/Olympus/,
    );
  });

  it('rejects maxConcurrent without overlap parallel', () => {
    expect(() => makeLink({ overlap: 'queue', maxConcurrent: 3 })).toThrow(/maxConcurrent=3 needs overlap "parallel"/);
  });

  it('takes a schedule instead of an interval', () => {
    const link = makeLink({ interval: undefined, schedule: { cron: '0 6 * * 1-5', timezone: 'Europe/Berlin' } });
    expect(link.usesFireTimes).toBe(true);
    expect(link.intervalMs).toBe(0);
    expect(link.nextFireTime(new Date('2026-03-27T12:00:00Z'))?.toISOString()).toBe('2026-03-30T04:00:00.000Z');
  });

  it('fires through both passes of the repeated hour', () => {
    // The planner arms each next fire time from the one before, as this loop does.
    // 2026-10-25 in Berlin: 02:00-02:59 CEST (00:00Z-00:59Z), then 02:00-02:59 CET (01:00Z-01:59Z).
    const link = makeLink({ interval: undefined, schedule: { cron: '*/15 * * * *', timezone: 'Europe/Berlin' } });
    const fires: string[] = [];
    let after = new Date('2026-10-25T00:40:00Z');
    for (let count = 0; count < 6; count++) {
      after = link.nextFireTime(after)!;
      fires.push(after.toISOString());
    }

    expect(fires).toEqual([
      '2026-10-25T00:45:00.000Z',
      '2026-10-25T01:00:00.000Z',
      '2026-10-25T01:15:00.000Z',
      '2026-10-25T01:30:00.000Z',
      '2026-10-25T01:45:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });

  it('fires a fixed clock time once on the repeated hour', () => {
    const link = makeLink({ interval: undefined, schedule: { cron: '30 2 * * *', timezone: 'Europe/Berlin' } });

    expect(link.nextFireTime(new Date('2026-10-25T00:00:00Z'))?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(link.nextFireTime(new Date('2026-10-25T00:30:00Z'))?.toISOString()).toBe('2026-10-26T01:30:00.000Z');
  });
});

describe('NodeSchedulePlanner with cron and window schedules', () => {
  it('runs a cron link on whole seconds with `* * * * * *`', async () => {
    const link = makeLink({ interval: undefined, schedule: { cron: '* * * * * *', timezone: 'UTC' } });
    const { started } = record(link);
    const planner = makePlanner([link]);
    await planner.start();

    const next = planner.nextTransferAt(link);
    expect(next).toBeDefined();
    expect(next!.getTime() % 1000).toBe(0);

    await waitFor(() => started.length >= 2, 6_000);
    const times = started.slice(0, 2).map((event) => event.scheduledAt!.getTime());
    expect(times.every((time) => time % 1000 === 0)).toBe(true);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(1000);
    expect((times[1] - times[0]) % 1000).toBe(0);
  });

  it('runs no transfer before startAt or after endAt', async () => {
    const now = Date.now();
    const startAt = new Date(now + 300);
    const endAt = new Date(now + 650);
    const link = makeLink({
      interval: undefined,
      schedule: { interval: 100, startAt: startAt.toISOString(), endAt: endAt.toISOString() },
    });
    const { started } = record(link);
    const planner = makePlanner([link]);
    await planner.start();

    expect(planner.nextTransferAt(link)?.getTime()).toBe(startAt.getTime());
    await waitFor(() => planner.nextTransferAt(link) === undefined, 5_000);
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Fire times are startAt + k * 100 ms up to endAt: 4 at most, fewer if the machine stalled.
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect(started.length).toBeLessThanOrEqual(4);
    for (const event of started) {
      expect(event.scheduledAt!.getTime()).toBeGreaterThanOrEqual(startAt.getTime());
      expect(event.scheduledAt!.getTime()).toBeLessThanOrEqual(endAt.getTime());
      expect((event.scheduledAt!.getTime() - startAt.getTime()) % 100).toBe(0);
    }
  });
});

describe('overlap policies with a slow outlet', () => {
  it('skip: drops ticks during a transfer', async () => {
    const outlet = new GateOutlet();
    const link = makeLink({ outlets: [outlet], interval: 40 });
    const { started, skipped } = record(link);
    await makePlanner([link]).start();

    await waitFor(() => skipped.length >= 3, 5_000);
    expect(started).toHaveLength(1);

    const releasedAt = Date.now();
    outlet.releaseAll();
    await waitFor(() => started.length >= 2, 5_000);
    // The next transfer comes from a tick after the release, not from a waiting one.
    expect(started[1].scheduledAt!.getTime()).toBeGreaterThanOrEqual(releasedAt - 5);
    expect(outlet.maxActive).toBe(1);
    outlet.releaseAll();
  });

  it('queue: runs one waiting tick next', async () => {
    const outlet = new GateOutlet();
    const link = makeLink({ outlets: [outlet], interval: 40, overlap: 'queue' });
    const { started, skipped } = record(link);
    await makePlanner([link]).start();

    // The first tick during the transfer waits; the ones after it are skipped.
    await waitFor(() => skipped.length >= 2, 5_000);
    expect(started).toHaveLength(1);
    const queuedBefore = Date.now();

    outlet.releaseAll();
    await waitFor(() => started.length >= 2, 5_000);
    expect(started[1].scheduledAt!.getTime()).toBeLessThan(queuedBefore);
    expect(started[1].scheduledAt!.getTime()).toBeGreaterThan(started[0].scheduledAt!.getTime());
    expect(outlet.maxActive).toBe(1);
    outlet.releaseAll();
  });

  it('parallel: caps at maxConcurrent', async () => {
    const outlet = new GateOutlet();
    const link = makeLink({ outlets: [outlet], interval: 40, overlap: 'parallel', maxConcurrent: 3 });
    const { started, skipped } = record(link);
    await makePlanner([link]).start();

    await waitFor(() => skipped.length >= 2, 5_000);
    expect(started).toHaveLength(3);
    expect(outlet.maxActive).toBe(3);
    expect(outlet.active).toBe(3);

    outlet.releaseAll();
    await waitFor(() => started.length >= 4, 5_000);
    expect(outlet.maxActive).toBe(3);
    outlet.releaseAll();
  });
});

describe('held records on a graceful shutdown', () => {
  function holdingProcessor(): Processor & { held: DataRecord[] } {
    const held: DataRecord[] = [];
    const processor = ((records: DataRecord[]) => {
      held.push(...records);
      return [];
    }) as Processor & { held: DataRecord[] };
    processor.flush = () => held.splice(0);
    processor.held = held;
    return processor;
  }

  it('drains link processors before onShutdown', async () => {
    const journal = new Journal();
    const outlet = new CollectOutlet({ journal, name: 'out' });
    const hold = holdingProcessor();
    const double: Processor = (records) => records.map((item) => new DataRecord((item.payload as number) * 2));
    let counter = 0;
    const link = makeLink({
      inlets: [new ValueInlet({ value: () => [++counter, ++counter] })],
      outlets: [outlet],
      processors: [hold, double],
      groupers: [(batches) => batches.flat().map((item) => [item])],
    });
    const finished: number[] = [];
    link.on('transferFinished', (event) => finished.push(event.recordsOutTotal));

    await link.transfer();
    await link.transfer();
    expect(outlet.records).toHaveLength(0);
    expect(hold.held).toHaveLength(4);

    await link.shutdown();
    expect(outlet.records.map((item) => item.payload)).toEqual([2, 4, 6, 8]);
    // One batch per record, from the grouper.
    expect(outlet.batches).toHaveLength(4);
    expect(journal.entries.lastIndexOf('push:out:end')).toBeLessThan(journal.entries.indexOf('shutdown:out'));
    expect(finished).toEqual([0, 0, 4]);
  });

  it('drains outlet processors on planner shutdown', async () => {
    const hold = holdingProcessor();
    const outlet = new CollectOutlet({ processors: [hold] });
    const link = makeLink({ inlets: [new ValueInlet({ value: [1, 2, 3] })], outlets: [outlet], immediateTransfer: true });
    const planner = makePlanner([link]);
    await planner.start();
    expect(hold.held).toHaveLength(3);
    expect(outlet.records).toHaveLength(0);

    await planner.shutdown();
    expect(outlet.records.map((item) => item.payload)).toEqual([1, 2, 3]);
  });

  it('skips the drain without flushable processors', async () => {
    const outlet = new CollectOutlet();
    const link = makeLink({ outlets: [outlet] });
    const finished: unknown[] = [];
    link.on('transferFinished', (event) => finished.push(event));
    await link.transfer();
    await link.shutdown();
    expect(finished).toHaveLength(1);
  });
});
