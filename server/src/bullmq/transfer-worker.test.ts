import type { Job, Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import type { TransferSkippedEvent } from '../engine/events.js';
import { Link } from '../engine/link.js';
import { CollectOutlet, memoryLogger, silentLogger, ValueInlet, waitFor } from '../engine/test-support/nodes.js';
import { TRANSFER_JOB_NAME } from './connection.js';
import { TransferWorker, type TransferWorkerOptions } from './transfer-worker.js';
import { keysUnder, obliterate, openQueue, REDIS_URL, uniqueQueue, type TestQueue } from './test-support/redis.js';

const OUTCOME_TIMEOUT_MS = 15_000;

const workers: TransferWorker[] = [];
const opened: { test: TestQueue; queue: Queue }[] = [];

/** Starts a worker on a fresh queue, and opens a Queue to add jobs to it as a planner would. */
async function startWorker(options: Omit<TransferWorkerOptions, 'connection'>): Promise<{ worker: TransferWorker; queue: Queue }> {
  const test = uniqueQueue();
  const queue = openQueue(test);
  opened.push({ test, queue });
  const worker = new TransferWorker({ connection: { url: REDIS_URL }, logger: silentLogger, ...test, ...options });
  workers.push(worker);
  await worker.start();
  return { worker, queue };
}

function addTransferJob(queue: Queue, linkId: string): Promise<Job> {
  return queue.add(TRANSFER_JOB_NAME, { linkId, trigger: 'enqueued' }, { attempts: 1 });
}

/** Waits until the job is in `state`, then reads it again from the queue for its result. */
async function waitForState(queue: Queue, job: Job, state: 'completed' | 'failed'): Promise<Job> {
  let current = await job.getState();
  const deadline = Date.now() + OUTCOME_TIMEOUT_MS;
  while (current !== state) {
    if (Date.now() > deadline) throw new Error(`Job ${job.id} is ${current}, not ${state}, after ${OUTCOME_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    current = await job.getState();
  }
  return (await queue.getJob(job.id!)) as Job;
}

/** Releases of held inlets, called after each test so that a failed test does not keep its worker busy. */
const releases: (() => void)[] = [];

/** Creates an inlet whose pulls wait until `release()`. Its `pulls` counts them. */
function heldInlet() {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const inlet = new ValueInlet({ value: async () => (await held, [{ held: true }]) });
  releases.push(() => release());
  return { inlet, release: () => release() };
}

afterEach(async () => {
  for (const release of releases.splice(0)) release();
  await Promise.all(workers.splice(0).map((worker) => worker.shutdown()));
  for (const { test, queue } of opened.splice(0)) {
    await queue.close();
    await obliterate(test);
    expect(await keysUnder(test.prefix)).toEqual([]);
  }
});

describe('TransferWorker', () => {
  it('runs the transfer a job names', async () => {
    const outlet = new CollectOutlet();
    const link = new Link({ id: 'named', inlets: [new ValueInlet({ value: 7 })], outlets: [outlet], interval: { hours: 1 }, logger: silentLogger });
    const { queue } = await startWorker({ links: [link] });

    const job = await waitForState(queue, await addTransferJob(queue, 'named'), 'completed');

    expect(outlet.records.map((record) => record.payload)).toEqual([7]);
    expect(job.returnvalue).toMatchObject({ linkId: 'named', status: 'ok', update: '0', recordsInTotal: 1, recordsOutTotal: 1 });
  });

  it('fails a job for an unknown link', async () => {
    const link = new Link({ id: 'known', inlets: [new ValueInlet()], outlets: [new CollectOutlet()], interval: { hours: 1 }, logger: silentLogger });
    const { logger, lines } = memoryLogger();
    const { worker, queue } = await startWorker({ links: [link], logger });

    const job = await waitForState(queue, await addTransferJob(queue, 'ghost'), 'failed');

    expect(job.failedReason).toContain('Unknown link "ghost"');
    expect(job.failedReason).toContain('links "known"');
    expect(job.failedReason).toContain('remove the job scheduler "ghost"');
    expect(job.attemptsMade).toBe(1);
    expect(lines.some((line) => line.linkId === 'ghost' && line.msg.startsWith('Unknown link'))).toBe(true);
    // A job the worker cannot run is no transfer failure, so the worker goes on.
    expect(worker.running).toBe(true);
  });

  it('skips a job while the link transfers', async () => {
    const { inlet, release } = heldInlet();
    const link = new Link({ id: 'slow', inlets: [inlet], outlets: [new CollectOutlet()], interval: { hours: 1 }, logger: silentLogger });
    const { worker, queue } = await startWorker({ links: [link], concurrency: 2 });
    const skipped: TransferSkippedEvent[] = [];
    worker.on('transferSkipped', (event) => skipped.push(event));

    const first = await addTransferJob(queue, 'slow');
    await waitFor(() => inlet.pulls === 1, OUTCOME_TIMEOUT_MS);
    const second = await waitForState(queue, await addTransferJob(queue, 'slow'), 'completed');

    expect(second.returnvalue).toEqual({ linkId: 'slow', status: 'skipped', reason: 'overlap' });
    expect(skipped).toHaveLength(1);
    expect(skipped[0].reason).toBe('overlap');
    expect(inlet.pulls).toBe(1);

    release();
    const done = await waitForState(queue, first, 'completed');
    expect(done.returnvalue).toMatchObject({ status: 'ok', update: '0' });
  });

  it('queues one job for a queue link', async () => {
    const { inlet, release } = heldInlet();
    const link = new Link({
      id: 'queued',
      inlets: [inlet],
      outlets: [new CollectOutlet()],
      interval: { hours: 1 },
      overlap: 'queue',
      logger: silentLogger,
    });
    const { queue } = await startWorker({ links: [link], concurrency: 3 });

    const first = await addTransferJob(queue, 'queued');
    await waitFor(() => inlet.pulls === 1, OUTCOME_TIMEOUT_MS);
    const second = await addTransferJob(queue, 'queued');
    await waitFor(() => link.overlapGate?.waiting === 1, OUTCOME_TIMEOUT_MS);
    const third = await waitForState(queue, await addTransferJob(queue, 'queued'), 'completed');
    expect(third.returnvalue).toMatchObject({ status: 'skipped', reason: 'overlap' });

    release();
    expect((await waitForState(queue, first, 'completed')).returnvalue).toMatchObject({ status: 'ok', update: '0' });
    expect((await waitForState(queue, second, 'completed')).returnvalue).toMatchObject({ status: 'ok', update: '1' });
  });

  it('stops after a failed transfer', async () => {
    const link = new Link({
      id: 'broken',
      inlets: [new ValueInlet({ error: new Error('disk full') })],
      outlets: [new CollectOutlet()],
      interval: { hours: 1 },
      logger: silentLogger,
    });
    const { worker, queue } = await startWorker({ links: [link] });
    const stopped = new Promise<Error | undefined>((resolve) => worker.on('stopped', ({ error }) => resolve(error)));

    const job = await waitForState(queue, await addTransferJob(queue, 'broken'), 'failed');

    expect(job.failedReason).toContain('disk full');
    expect(job.attemptsMade).toBe(1);
    expect((await stopped)?.message).toContain('disk full');
    expect(worker.running).toBe(false);
    expect(link.started).toBe(false);
  });

  it('goes on after a failed transfer when told to', async () => {
    let calls = 0;
    const inlet = new ValueInlet({
      value: () => {
        calls += 1;
        if (calls === 1) throw new Error('first pull fails');
        return 'second';
      },
    });
    const outlet = new CollectOutlet();
    const link = new Link({ id: 'flaky', inlets: [inlet], outlets: [outlet], interval: { hours: 1 }, logger: silentLogger });
    const { worker, queue } = await startWorker({ links: [link], ignoreExceptions: true });

    const failed = await waitForState(queue, await addTransferJob(queue, 'flaky'), 'failed');
    const completed = await waitForState(queue, await addTransferJob(queue, 'flaky'), 'completed');

    expect(failed.failedReason).toContain('first pull fails');
    expect(completed.returnvalue).toMatchObject({ status: 'ok', update: '1' });
    expect(outlet.records.map((record) => record.payload)).toEqual(['second']);
    expect(worker.running).toBe(true);
  });

  it('rejects a concurrency below one', () => {
    expect(() => new TransferWorker({ connection: REDIS_URL, links: [], concurrency: 0 })).toThrow(/Invalid TransferWorker concurrency 0/);
  });
});
