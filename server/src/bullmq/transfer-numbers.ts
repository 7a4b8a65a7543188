import type { RedisClient } from 'bullmq';
import { runScript } from './redis-scripts.js';

/** Key, under the queue's prefix, of the hash that counts each link's transfers: one field per link id. */
export const TRANSFER_NUMBERS_KEY = 'databay:transfer-numbers';

/**
 * Numbers each link's transfers from 0 with a counter in Redis that every process of the queue
 * shares, so no two workers give one link's transfers the same update. HINCRBY is atomic, so
 * each number goes to one transfer only.
 */
export class TransferNumbers {
  /**
   * @param client BullMQ's Redis client of a worker or queue.
   * @param key The hash's full key, e.g. `worker.toKey(TRANSFER_NUMBERS_KEY)`.
   */
  constructor(
    private readonly client: () => Promise<RedisClient>,
    readonly key: string,
  ) {}

  /** Takes the link's next transfer number: 0 the first time, then one more each call. */
  async take(linkId: string): Promise<number> {
    return runScript(await this.client(), 'databayTakeTransferNumber', [this.key, linkId]);
  }
}
