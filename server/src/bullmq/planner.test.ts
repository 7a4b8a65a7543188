import { afterEach, describe, expect, it } from 'vitest';
import { Link } from '../engine/link.js';
import type { Update } from '../engine/update.js';
import type { TransferFinishedEvent } from '../engine/events.js';
import { CollectOutlet, silentLogger, ValueInlet, waitFor } from '../engine/test-support/nodes.js';
import { BullMQPlanner, type BullMQPlannerOptions } from './planner.js';
import { keysUnder, obliterate, openQueue, REDIS_URL, uniqueQueue, type TestQueue } from './test-support/redis.js';

// Outcomes take a few seconds of real schedule; this only bounds how long a broken test hangs.
const OUTCOME_TIMEOUT_MS = 15_000;

const planners: BullMQPlanner[] = [];
const queues: TestQueue[] = [];

function newPlanner(options: Omit<BullMQPlannerOptions, 'connection'>): { planner: BullMQPlanner; queue: TestQueue } {
  const queue = uniqueQueue();
  queues.push(queue);
  const planner = new BullMQPlanner({ connection: REDIS_URL, logger: silentLogger, ...queue, ...options });
  planners.push(planner);
  return { planner, queue };
}

function collectingLink(id: string, options: Partial<ConstructorParameters<typeof Link>[0]> = {}) {
  const inlet = new ValueInlet({ value: (update: Update) => [{ transfer: update.transferNumber }] });
  const outlet = new CollectOutlet();
  const link = new Link({ id, inlets: [inlet], outlets: [outlet], interval: { seconds: 1 }, logger: silentLogger, ...options });
  return { link, inlet, outlet };
}

afterEach(async () => {
  await Promise.all(planners.splice(0).map((planner) => planner.shutdown()));
  for (const queue of queues.splice(0)) {
    await obliterate(queue);
    expect(await keysUnder(queue.prefix)).toEqual([]);
  }
});

describe('BullMQPlanner', () => {
  it('runs interval transfers through its worker', async () => {
    const { link, outlet } = collectingLink('counter');
    const { planner } = newPlanner({ links: [link] });
    const finished: TransferFinishedEvent[] = [];
    planner.on('transferFinished', (event) => finished.push(event));

    await planner.start();
    expect(planner.running).toBe(true);
    // The immediate transfer plus two scheduled ones.
    await waitFor(() => finished.length >= 3, OUTCOME_TIMEOUT_MS);
    await planner.shutdown();

    expect(finished.slice(0, 3).map((event) => event.update.transferNumber)).toEqual([0, 1, 2]);
    expect(finished.every((event) => event.status === 'ok')).toBe(true);
    expect(outlet.records.slice(0, 3).map((record) => record.payload)).toEqual([
      { transfer: 0 },
      { transfer: 1 },
      { transfer: 2 },
    ]);
    expect(planner.running).toBe(false);
  });

  it('gives scheduled transfers their scheduled time', async () => {
    const { link } = collectingLink('timed');
    const { planner } = newPlanner({ links: [link], immediateTransfer: false });
    const scheduled: (Date | undefined)[] = [];
    planner.on('transferStarted', (event) => scheduled.push(event.scheduledAt));

    await planner.start();
    const expectedFirst = await planner.nextTransferAt(link);
    await waitFor(() => scheduled.length >= 1, OUTCOME_TIMEOUT_MS);

    expect(expectedFirst).toBeInstanceOf(Date);
    expect(scheduled[0]?.getTime()).toBe(expectedFirst?.getTime());
  });

  it('upserts a cron scheduler with pattern and zone', async () => {
    const cron = collectingLink('nightly', { interval: undefined, schedule: { cron: '30 2 * * *', timezone: 'Europe/Berlin' } }).link;
    const hourly = collectingLink('hourly', { interval: undefined, schedule: { cron: '@hourly', timezone: 'UTC' } }).link;
    const every = collectingLink('every-minute', { interval: { minutes: 1 } }).link;
    const { planner, queue } = newPlanner({ links: [cron, hourly, every], worker: false, immediateTransfer: false });

    const before = new Date();
    await planner.start();
    const reader = openQueue(queue);
    try {
      const schedulers = new Map((await reader.getJobSchedulers()).map((scheduler) => [scheduler.key, scheduler]));
      expect([...schedulers.keys()].sort()).toEqual(['every-minute', 'hourly', 'nightly']);

      const nightly = schedulers.get('nightly')!;
      expect(nightly.pattern).toBe('30 2 * * *');
      expect(nightly.tz).toBe('Europe/Berlin');
      expect(nightly.every).toBeUndefined();
      expect(nightly.template?.data).toEqual({ linkId: 'nightly' });
      expect(nightly.next).toBe(cron.nextFireTime(before)?.getTime());

      // A macro is read by Databay's cron rules, which BullMQ's strategy is replaced with.
      expect(schedulers.get('hourly')!.next).toBe(hourly.nextFireTime(before)?.getTime());

      const minute = schedulers.get('every-minute')!;
      expect(minute.every).toBe(60_000);
      expect(minute.pattern).toBeUndefined();
      expect(minute.next).toBeGreaterThanOrEqual(before.getTime() + 60_000);
    } finally {
      await reader.close();
    }
  });

  it('removes its schedulers on shutdown', async () => {
    const { link } = collectingLink('removed');
    const { planner, queue } = newPlanner({ links: [link], worker: false, immediateTransfer: false });
    const reader = openQueue(queue);
    try {
      await planner.start();
      expect(await reader.getJobSchedulersCount()).toBe(1);

      await planner.shutdown();
      expect(await reader.getJobSchedulersCount()).toBe(0);
      expect(await reader.getDelayedCount()).toBe(0);
    } finally {
      await reader.close();
    }
  });

  it('keeps its schedulers when asked', async () => {
    const { link } = collectingLink('kept');
    const { planner, queue } = newPlanner({ links: [link], worker: false, immediateTransfer: false });
    const reader = openQueue(queue);
    try {
      await planner.start();
      await planner.shutdown({ keepSchedulers: true });
      expect(planner.running).toBe(false);
      expect((await reader.getJobSchedulers()).map((scheduler) => scheduler.key)).toEqual(['kept']);
    } finally {
      await reader.close();
    }
  });

  it('keeps the grid across a restart', async () => {
    const { link } = collectingLink('restarted', { interval: { hours: 1 } });
    const { planner } = newPlanner({ links: [link], worker: false, immediateTransfer: false });

    await planner.start();
    const before = await planner.nextTransferAt(link);
    await planner.shutdown({ keepSchedulers: true });
    await planner.start();
    const after = await planner.nextTransferAt(link);

    expect(before).toBeInstanceOf(Date);
    expect(after?.getTime()).toBe(before?.getTime());
  });

  it('adds and removes links while running', async () => {
    const first = collectingLink('first').link;
    const second = collectingLink('second');
    const { planner, queue } = newPlanner({ links: [first], immediateTransfer: false });
    const reader = openQueue(queue);
    try {
      await planner.start();
      await planner.addLinks(second.link);
      expect(planner.links.map((link) => link.id)).toEqual(['first', 'second']);
      expect((await reader.getJobSchedulers()).map((scheduler) => scheduler.key).sort()).toEqual(['first', 'second']);

      await planner.removeLinks(first);
      expect(planner.links.map((link) => link.id)).toEqual(['second']);
      expect((await reader.getJobSchedulers()).map((scheduler) => scheduler.key)).toEqual(['second']);
      await waitFor(() => second.outlet.records.length >= 1, OUTCOME_TIMEOUT_MS);
    } finally {
      await reader.close();
    }
  });

  it('forces a transfer in its own process', async () => {
    const { link, inlet } = collectingLink('forced');
    const { planner } = newPlanner({ links: [link], worker: false, immediateTransfer: false });
    await planner.start();

    const results = await planner.forceTransfer();

    expect(results).toHaveLength(1);
    expect(results[0].status).toBe('ok');
    expect(results[0].recordsOutTotal).toBe(1);
    expect(inlet.pulls).toBe(1);
    // The link was started for the transfer only, as no worker of this planner uses it.
    expect(link.started).toBe(false);
  });

  it('enqueues a transfer for its worker', async () => {
    const { link, outlet } = collectingLink('enqueued', { interval: { hours: 1 } });
    const { planner, queue } = newPlanner({ links: [link], immediateTransfer: false });
    await planner.start();

    const [jobId] = await planner.enqueueTransfer(link);
    await waitFor(() => outlet.records.length === 1, OUTCOME_TIMEOUT_MS);

    const reader = openQueue(queue);
    try {
      const job = await reader.getJob(jobId);
      expect(job?.data).toEqual({ linkId: 'enqueued', trigger: 'enqueued' });
    } finally {
      await reader.close();
    }
  });

  it('shuts down after a failed transfer', async () => {
    const failing = new Link({
      id: 'failing',
      inlets: [new ValueInlet({ error: new Error('source offline') })],
      outlets: [new CollectOutlet()],
      interval: { hours: 1 },
      logger: silentLogger,
    });
    const { planner, queue } = newPlanner({ links: [failing] });
    const stopped = new Promise<Error | undefined>((resolve) => planner.on('stopped', ({ error }) => resolve(error)));

    await planner.start();
    const error = await stopped;

    expect(error?.message).toContain('source offline');
    expect(planner.running).toBe(false);
    const reader = openQueue(queue);
    try {
      expect(await reader.getJobSchedulersCount()).toBe(0);
      const [failed] = await reader.getFailed();
      expect(failed.failedReason).toContain('source offline');
      expect(failed.attemptsMade).toBe(1);
    } finally {
      await reader.close();
    }
  });

  it('rejects start when a link cannot start', async () => {
    const link = new Link({
      id: 'unstartable',
      inlets: [new ValueInlet({ startError: new Error('no credentials') })],
      outlets: [new CollectOutlet()],
      interval: { hours: 1 },
      logger: silentLogger,
    });
    const { planner, queue } = newPlanner({ links: [link] });

    await expect(planner.start()).rejects.toThrow(/no credentials/);

    expect(planner.running).toBe(false);
    const reader = openQueue(queue);
    try {
      expect(await reader.getJobSchedulersCount()).toBe(0);
      expect(await reader.getWaitingCount()).toBe(0);
    } finally {
      await reader.close();
    }
  });

  it('rejects a connection string that is no URL', () => {
    expect(() => new BullMQPlanner({ connection: '127.0.0.1:6379' })).toThrow(/not a URL/);
    expect(() => new BullMQPlanner({ connection: 'localhost:6379' })).toThrow(/protocol is localhost:/);
    expect(() => new BullMQPlanner({ connection: 'http://127.0.0.1:6379' })).toThrow(/protocol is http:/);
  });

  it('rejects two links with one id', () => {
    const a = collectingLink('same').link;
    const b = collectingLink('same').link;
    expect(() => new BullMQPlanner({ connection: REDIS_URL, links: [a, b] })).toThrow(/Duplicate link id "same"/);
  });
});
