// Two TransferWorkers on one queue, each with its own Redis connections and its own Link objects,
// as two worker processes on two machines would have. Used by the tests of transfer numbers and
// link locks; the caller shuts the workers down and obliterates the queue.
import type { Job, Queue } from 'bullmq';
import { Link, type LinkOptions } from '../../engine/link.js';
import { silentLogger } from '../../engine/test-support/nodes.js';
import { TRANSFER_JOB_NAME } from '../connection.js';
import { TransferWorker, type TransferWorkerOptions } from '../transfer-worker.js';
import { REDIS_URL, type TestQueue } from './redis.js';

/** Bounds how long a broken test waits for a job; jobs on an idle local Redis finish far sooner. */
export const OUTCOME_TIMEOUT_MS = 15_000;

/** Builds one link per worker, all with the same id, the way each worker process builds its own. */
export type LinkFactory = (worker: 'a' | 'b') => Link;

export function testLink(options: Omit<LinkOptions, 'interval' | 'logger'>): Link {
  return new Link({ interval: { hours: 1 }, logger: silentLogger, ...options });
}

export async function startTwoWorkers(
  queue: TestQueue,
  buildLink: LinkFactory,
  options: Partial<Omit<TransferWorkerOptions, 'connection' | 'links'>> = {},
): Promise<{ a: TransferWorker; b: TransferWorker }> {
  const start = async (name: 'a' | 'b') => {
    const worker = new TransferWorker({ connection: { url: REDIS_URL }, logger: silentLogger, ...queue, concurrency: 1, ...options, links: [buildLink(name)] });
    await worker.start();
    return worker;
  };
  return { a: await start('a'), b: await start('b') };
}

export function addTransferJob(queue: Queue, linkId: string): Promise<Job> {
  return queue.add(TRANSFER_JOB_NAME, { linkId, trigger: 'enqueued' }, { attempts: 1 });
}

/** Waits until the job is in `state`, then reads it again from the queue for its return value. */
export async function waitForState(queue: Queue, job: Job, state: 'completed' | 'failed'): Promise<Job> {
  let current = await job.getState();
  const deadline = Date.now() + OUTCOME_TIMEOUT_MS;
  while (current !== state) {
    if (Date.now() > deadline) throw new Error(`Job ${job.id} is ${current}, not ${state}, after ${OUTCOME_TIMEOUT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    current = await job.getState();
  }
  return (await queue.getJob(job.id!)) as Job;
}
