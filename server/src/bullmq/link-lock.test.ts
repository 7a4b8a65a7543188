import { hostname } from 'node:os';
import type { Queue, RedisClient } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransferSkippedEvent } from '../engine/events.js';
import type { Link } from '../engine/link.js';
import { Outlet } from '../engine/outlet.js';
import { CollectOutlet, ValueInlet, waitFor } from '../engine/test-support/nodes.js';
import { LINK_LOCK_KEY, LinkLocks, linkLockTtlMs } from './link-lock.js';
import type { TransferWorker } from './transfer-worker.js';
import { keysUnder, obliterate, openQueue, uniqueQueue, type TestQueue } from './test-support/redis.js';
import { addTransferJob, OUTCOME_TIMEOUT_MS, startTwoWorkers, testLink, waitForState } from './test-support/two-workers.js';

let test: TestQueue;
let queue: Queue;
let client: RedisClient;
const workers: TransferWorker[] = [];
const releases: (() => void)[] = [];

beforeEach(async () => {
  test = uniqueQueue();
  queue = openQueue(test);
  client = await queue.getBackend().client;
});

afterEach(async () => {
  for (const release of releases.splice(0)) release();
  await Promise.all(workers.splice(0).map((worker) => worker.shutdown()));
  await queue.close();
  await obliterate(test);
  expect(await keysUnder(test.prefix)).toEqual([]);
});

function lockKey(linkId: string): string {
  return `${test.prefix}:${test.queueName}:${LINK_LOCK_KEY}${linkId}`;
}

/** An outlet whose pushes wait until the test releases them; `pushes` counts the pushes begun. */
class HeldOutlet extends Outlet {
  pushes = 0;

  constructor(private readonly held: Promise<void>) {
    super();
  }

  async push(): Promise<void> {
    this.pushes += 1;
    await this.held;
  }
}

/** Returns a promise that `release()` resolves, released after each test as well. */
function holdUntilReleased(): { held: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  releases.push(() => release());
  return { held, release: () => release() };
}

describe('link lock across workers', () => {
  it('skips a job another worker runs', async () => {
    const { held, release } = holdUntilReleased();
    const outlets = { a: new HeldOutlet(held), b: new HeldOutlet(held) };
    const buildLink = (name: 'a' | 'b'): Link =>
      testLink({ id: 'slow', tags: ['slow'], inlets: [new ValueInlet({ value: 1 })], outlets: [outlets[name]] });
    const { a, b } = await startTwoWorkers(test, buildLink);
    workers.push(a, b);
    const skipped: { worker: 'a' | 'b'; event: TransferSkippedEvent }[] = [];
    a.on('transferSkipped', (event) => skipped.push({ worker: 'a', event }));
    b.on('transferSkipped', (event) => skipped.push({ worker: 'b', event }));

    const first = await addTransferJob(queue, 'slow');
    await waitFor(() => outlets.a.pushes + outlets.b.pushes === 1, OUTCOME_TIMEOUT_MS);
    // Each worker runs one job at a time, so the busy worker cannot take this job: the other does.
    const second = await waitForState(queue, await addTransferJob(queue, 'slow'), 'completed');

    expect(second.returnvalue).toEqual({ linkId: 'slow', status: 'skipped', reason: 'overlap' });
    expect(skipped).toHaveLength(1);
    expect(skipped[0].event.reason).toBe('overlap');
    expect(outlets.a.pushes + outlets.b.pushes).toBe(1);
    // The job was skipped by the worker that is not running the transfer.
    expect(outlets[skipped[0].worker].pushes).toBe(0);

    release();
    const done = await waitForState(queue, first, 'completed');
    expect(done.returnvalue).toMatchObject({ status: 'ok', update: 'slow.0' });
    expect(await client.get(lockKey('slow'))).toBeNull();

    // The skipped job took no number, and the released lock lets the next job run.
    const third = await waitForState(queue, await addTransferJob(queue, 'slow'), 'completed');
    expect(third.returnvalue).toMatchObject({ status: 'ok', update: 'slow.1' });
  });

  it('holds the lock for half the job lock', async () => {
    const { held } = holdUntilReleased();
    const outlet = new HeldOutlet(held);
    const { a, b } = await startTwoWorkers(
      test,
      () => testLink({ id: 'timed', inlets: [new ValueInlet({ value: 1 })], outlets: [outlet] }),
      { workerOptions: { lockDuration: 10_000 } },
    );
    workers.push(a, b);

    await addTransferJob(queue, 'timed');
    await waitFor(() => outlet.pushes === 1, OUTCOME_TIMEOUT_MS);

    const ttl = Number(await client.runCommand('pttl', [lockKey('timed')]));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);
    expect(await client.get(lockKey('timed'))).toMatch(new RegExp(`^${hostname()}:${process.pid}:`));
  });

  it('runs once a dead worker lock expires', async () => {
    const outlets = { a: new CollectOutlet(), b: new CollectOutlet() };
    const { a, b } = await startTwoWorkers(test, (name) =>
      testLink({ id: 'orphaned', inlets: [new ValueInlet({ value: 1 })], outlets: [outlets[name]] }),
    );
    workers.push(a, b);
    // The lock a worker leaves when it dies mid-transfer: no worker refreshes or deletes it.
    await client.set(lockKey('orphaned'), 'dead-host:1:token', { PX: 300 });

    const skipped = await waitForState(queue, await addTransferJob(queue, 'orphaned'), 'completed');
    expect(skipped.returnvalue).toEqual({ linkId: 'orphaned', status: 'skipped', reason: 'overlap' });

    // Redis deletes the key once its TTL runs out.
    let exists = true;
    const deadline = Date.now() + OUTCOME_TIMEOUT_MS;
    while (exists && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      exists = (await client.get(lockKey('orphaned'))) !== null;
    }
    const ran = await waitForState(queue, await addTransferJob(queue, 'orphaned'), 'completed');
    expect(ran.returnvalue).toMatchObject({ status: 'ok', update: '0' });
    expect(outlets.a.records.length + outlets.b.records.length).toBe(1);
  });

  it('leaves parallel links to each worker', async () => {
    const { held, release } = holdUntilReleased();
    const outlets = { a: new HeldOutlet(held), b: new HeldOutlet(held) };
    const { a, b } = await startTwoWorkers(test, (name) =>
      testLink({ id: 'wide', overlap: 'parallel', inlets: [new ValueInlet({ value: 1 })], outlets: [outlets[name]] }),
    );
    workers.push(a, b);

    const jobs = [await addTransferJob(queue, 'wide'), await addTransferJob(queue, 'wide')];
    // Both held pushes run at once, one in each worker, because a parallel link takes no lock.
    await waitFor(() => outlets.a.pushes === 1 && outlets.b.pushes === 1, OUTCOME_TIMEOUT_MS);
    expect(await client.get(lockKey('wide'))).toBeNull();

    release();
    for (const job of jobs) expect((await waitForState(queue, job, 'completed')).returnvalue).toMatchObject({ status: 'ok' });
  });
});

describe('LinkLocks', () => {
  const link = testLink({ id: 'unit', inlets: [], outlets: [] });

  function locks(): LinkLocks {
    return new LinkLocks(async () => client, `${test.prefix}:${test.queueName}:${LINK_LOCK_KEY}`, 60_000);
  }

  it('derives the TTL from the job lock', () => {
    expect(linkLockTtlMs()).toBe(15_000);
    expect(linkLockTtlMs(10_000)).toBe(5_000);
  });

  it('refreshes its own lock only', async () => {
    const held = await locks().acquire(link);
    expect(held).toBeDefined();
    await client.runCommand('pexpire', [held!.key, 1_000]);

    expect(await held!.refresh()).toBe(true);
    expect(Number(await client.runCommand('pttl', [held!.key]))).toBeGreaterThan(1_000);

    await client.set(held!.key, 'another-holder');
    expect(await held!.refresh()).toBe(false);
    await held!.release();
    expect(await client.get(held!.key)).toBe('another-holder');
    await client.del(held!.key);
  });

  it('rejects a second holder until released', async () => {
    const unitLocks = locks();
    const first = await unitLocks.acquire(link);

    expect(first).toBeDefined();
    expect(await unitLocks.acquire(link)).toBeUndefined();
    await first!.release();
    expect(await client.get(first!.key)).toBeNull();

    const second = await unitLocks.acquire(link);
    expect(second).toBeDefined();
    await second!.release();
  });
});
