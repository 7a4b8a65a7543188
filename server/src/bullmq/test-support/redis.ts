// Unique queues on the local Redis for the BullMQ tests, and their clean-up.
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.DATABAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A queue name and key prefix no other test uses, so tests can run in parallel on one Redis. */
export interface TestQueue {
  queueName: string;
  prefix: string;
}

export function uniqueQueue(): TestQueue {
  const id = randomUUID().slice(0, 8);
  return { queueName: `transfers-${id}`, prefix: `databay-test-${id}` };
}

/** Opens a Queue on the test queue, for adding jobs and reading them as a user of BullMQ would. */
export function openQueue(test: TestQueue): Queue {
  return new Queue(test.queueName, { connection: { url: REDIS_URL }, prefix: test.prefix });
}

/**
 * Deletes every key of the test queue: BullMQ's obliterate for the queue's own keys, then the
 * Databay keys next to them (transfer numbers, link locks), which obliterate does not know.
 */
export async function obliterate(test: TestQueue): Promise<void> {
  const queue = openQueue(test);
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }

  const redis = new Redis(REDIS_URL);
  try {
    const databayKeys = await redis.keys(`${test.prefix}:${test.queueName}:databay:*`);
    if (databayKeys.length > 0) await redis.del(...databayKeys);
  } finally {
    redis.disconnect();
  }
}

/** Returns the Redis keys under the test's prefix. */
export async function keysUnder(prefix: string): Promise<string[]> {
  const redis = new Redis(REDIS_URL);
  try {
    return await redis.keys(`${prefix}:*`);
  } finally {
    redis.disconnect();
  }
}
