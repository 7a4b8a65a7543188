import type { Queue } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransferFinishedEvent } from '../engine/events.js';
import type { Link } from '../engine/link.js';
import { CollectOutlet, silentLogger, ValueInlet } from '../engine/test-support/nodes.js';
import { BullMQPlanner } from './planner.js';
import { TransferWorker } from './transfer-worker.js';
import { TRANSFER_NUMBERS_KEY } from './transfer-numbers.js';
import { keysUnder, obliterate, openQueue, REDIS_URL, uniqueQueue, type TestQueue } from './test-support/redis.js';
import { addTransferJob, startTwoWorkers, testLink, waitForState } from './test-support/two-workers.js';

let test: TestQueue;
let queue: Queue;
const workers: TransferWorker[] = [];
const planners: BullMQPlanner[] = [];
const releases: (() => void)[] = [];

beforeEach(() => {
  test = uniqueQueue();
  queue = openQueue(test);
});

afterEach(async () => {
  for (const release of releases.splice(0)) release();
  await Promise.all(planners.splice(0).map((planner) => planner.shutdown()));
  await Promise.all(workers.splice(0).map((worker) => worker.shutdown()));
  await queue.close();
  await obliterate(test);
  expect(await keysUnder(test.prefix)).toEqual([]);
});

/** Updates of the completed jobs' return values, as numbers. */
function numbersOf(returnValues: unknown[]): number[] {
  return returnValues.map((value) => {
    const update = (value as { update?: string }).update ?? '';
    return Number(update.split('.').at(-1));
  });
}

describe('transfer numbers across workers', () => {
  it('never repeat or skip a number', async () => {
    // Each worker runs one job at a time, so the first two pulls, held until both began, prove
    // that both workers transfer the link.
    let pullsBegun = 0;
    let openGate = (): void => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    releases.push(() => openGate());
    const buildLink = (): Link =>
      testLink({
        id: 'shared',
        tags: ['quakes'],
        overlap: 'parallel',
        inlets: [
          new ValueInlet({
            value: async () => {
              pullsBegun += 1;
              if (pullsBegun === 2) openGate();
              await gate;
              return 1;
            },
          }),
        ],
        outlets: [new CollectOutlet()],
      });
    const { a, b } = await startTwoWorkers(test, buildLink);
    workers.push(a, b);
    const finishedBy = { a: [] as string[], b: [] as string[] };
    a.on('transferFinished', (event: TransferFinishedEvent) => finishedBy.a.push(String(event.update)));
    b.on('transferFinished', (event: TransferFinishedEvent) => finishedBy.b.push(String(event.update)));

    const jobCount = 12;
    const jobs = [];
    for (let i = 0; i < jobCount; i += 1) jobs.push(await addTransferJob(queue, 'shared'));
    const done = [];
    for (const job of jobs) done.push(await waitForState(queue, job, 'completed'));

    const numbers = numbersOf(done.map((job) => job.returnvalue));
    expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: jobCount }, (_, i) => i));
    expect(done.every((job) => (job.returnvalue as { status: string }).status === 'ok')).toBe(true);
    expect(finishedBy.a.length).toBeGreaterThan(0);
    expect(finishedBy.b.length).toBeGreaterThan(0);
    expect(finishedBy.a.filter((update) => finishedBy.b.includes(update))).toEqual([]);
    expect(finishedBy.a.length + finishedBy.b.length).toBe(jobCount);
    expect(finishedBy.a.every((update) => update.startsWith('quakes.'))).toBe(true);
  });

  it('go on after a worker restarts', async () => {
    const start = async (): Promise<TransferWorker> => {
      const link = testLink({ id: 'restarted', inlets: [new ValueInlet({ value: 1 })], outlets: [new CollectOutlet()] });
      const worker = new TransferWorker({ connection: REDIS_URL, links: [link], logger: silentLogger, ...test });
      workers.push(worker);
      await worker.start();
      return worker;
    };

    const first = await start();
    const before = await waitForState(queue, await addTransferJob(queue, 'restarted'), 'completed');
    await first.shutdown();
    // A new worker with a new Link object, as after a process restart, whose own count is 0.
    await start();
    const after = await waitForState(queue, await addTransferJob(queue, 'restarted'), 'completed');

    expect(numbersOf([before.returnvalue, after.returnvalue])).toEqual([0, 1]);
  });

  it('number forced transfers too', async () => {
    const workerLink = testLink({ id: 'forced', inlets: [new ValueInlet({ value: 1 })], outlets: [new CollectOutlet()] });
    const worker = new TransferWorker({ connection: REDIS_URL, links: [workerLink], logger: silentLogger, ...test });
    workers.push(worker);
    await worker.start();
    const plannerLink = testLink({ id: 'forced', inlets: [new ValueInlet({ value: 1 })], outlets: [new CollectOutlet()] });
    const planner = new BullMQPlanner({ connection: REDIS_URL, links: [plannerLink], worker: false, immediateTransfer: false, logger: silentLogger, ...test });
    planners.push(planner);
    await planner.start();

    const queued = await waitForState(queue, await addTransferJob(queue, 'forced'), 'completed');
    const [forced] = await planner.forceTransfer(plannerLink);
    const queuedAgain = await waitForState(queue, await addTransferJob(queue, 'forced'), 'completed');

    expect(numbersOf([queued.returnvalue])).toEqual([0]);
    expect(forced.update.transferNumber).toBe(1);
    expect(numbersOf([queuedAgain.returnvalue])).toEqual([2]);
  });

  it('keep their counter in one hash', async () => {
    const link = testLink({ id: 'counted', inlets: [new ValueInlet({ value: 1 })], outlets: [new CollectOutlet()] });
    const worker = new TransferWorker({ connection: REDIS_URL, links: [link], logger: silentLogger, ...test });
    workers.push(worker);
    await worker.start();

    await waitForState(queue, await addTransferJob(queue, 'counted'), 'completed');
    await waitForState(queue, await addTransferJob(queue, 'counted'), 'completed');

    const client = await queue.getBackend().client;
    const key = `${test.prefix}:${test.queueName}:${TRANSFER_NUMBERS_KEY}`;
    expect(await client.hgetall(key)).toEqual({ counted: '2' });
    // The link's own count follows the numbers it ran, so a local transfer() would carry 2.
    expect(link.transfers).toBe(2);
  });
});
