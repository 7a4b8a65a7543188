import type { Logger } from 'pino';
import type { Processor } from './outlet.js';
import type { DataRecord } from './record.js';

/**
 * Records that a processor holding records across transfers, such as a buffer, released in one
 * step. They are kept until the push, so that they can go back to it when no outlet took them.
 */
export interface Release {
  readonly processor: Processor;
  readonly records: DataRecord[];
}

/**
 * Returns the release to keep after `processor` returned `output`, given the one kept before.
 * A processor that does not hold records passes the earlier release on. One that holds records
 * takes over: its output is a release it can take back with `restore`, or else nothing can go
 * back, because the earlier records are now its own.
 */
export function releaseAfter(processor: Processor, output: DataRecord[], kept: Release | undefined): Release | undefined {
  if (!processor.flush) return kept;
  return processor.restore && output.length > 0 ? { processor, records: output } : undefined;
}

/**
 * Runs `push` and hands the release back to its processor unless `push` resolved to true, also
 * when `push` throws. Resolves to what `push` resolved to.
 */
export async function pushOrRestore(release: Release, logger: Logger, push: () => Promise<boolean>): Promise<boolean> {
  let delivered = false;
  try {
    delivered = await push();
  } finally {
    if (!delivered) await restoreRelease(release, logger);
  }
  return delivered;
}

/** Hands records back to the processor that released them, logging a processor that cannot take them. */
export async function restoreRelease(release: Release, logger: Logger): Promise<void> {
  const name = release.processor.name || 'processor';
  try {
    await release.processor.restore!(release.records);
    logger.warn({ processor: name, count: release.records.length }, 'held records returned to their processor because they were not delivered');
  } catch (error) {
    logger.error({ err: error, processor: name, count: release.records.length }, 'held records were not delivered and could not be returned; they are lost');
  }
}
