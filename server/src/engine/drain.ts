import { batchesPerOutlet } from './copy.js';
import { releaseAfter, restoreRelease, type Release } from './held-records.js';
import type { Grouper, Outlet, Processor } from './outlet.js';
import type { DataRecord } from './record.js';
import type { TransferContext, TransferPlan } from './transfer.js';

/** True when a processor of the link or of one of its outlets holds records across transfers. */
export function hasHeldRecords(plan: Pick<TransferPlan, 'processors' | 'outlets'>): boolean {
  if (plan.processors.some((processor) => processor.flush !== undefined)) return true;
  return plan.outlets.some((outlet) => outlet.processors.some((processor) => processor.flush !== undefined));
}

/**
 * Sends the records that processors hold, such as a buffer's, to the outlets, for a graceful
 * shutdown. Records a processor releases run through the processors after it, then the groupers,
 * then each outlet's processors, whose own held records are released the same way. Failures are
 * reported through the context like those of a transfer.
 *
 * Records that do not reach an outlet go back, through its `restore`, to the last processor on
 * their way that released them, so a buffer that persists its records keeps them for the next
 * start. Delivery is at least once: when one of several outlets failed, the others may get the
 * same records again after that start.
 */
export async function drainTransferSteps(plan: TransferPlan, context: TransferContext): Promise<void> {
  const linkStep = await drainProcessorList(plan.processors, context, undefined);
  // The link's released records count as undelivered until every batch went to the outlets.
  let returnToLink = linkStep.release !== undefined;

  try {
    const batches = linkStep.records.length > 0 ? await groupReleased(plan.groupers, linkStep.records, context) : [];
    let anyReturned = false;
    for (let batchIndex = 0; batchIndex < batches.length; batchIndex += 1) {
      const batch = batches[batchIndex];
      if (batch.length === 0) continue;
      const perOutlet = batchesPerOutlet(batch, plan.outlets.length, plan.copyRecords);
      const outcomes = await Promise.all(
        plan.outlets.map((outlet, index) => pushThroughOutlet(outlet, index, perOutlet[index], context)),
      );
      if (outcomes.some((outcome) => outcome.delivery === 'returned to the link')) anyReturned = true;
      // A failure reported next may end the drain, and then the later batches were never sent.
      returnToLink = anyReturned || batchIndex < batches.length - 1;
      reportFailures(plan.outlets, outcomes, context);
    }
    returnToLink = anyReturned;

    // Outlet processors may hold records although the link's released none.
    const outcomes = await Promise.all(plan.outlets.map((outlet, index) => pushThroughOutlet(outlet, index, [], context)));
    reportFailures(plan.outlets, outcomes, context);
  } finally {
    if (returnToLink && linkStep.release) await restoreRelease(linkStep.release, context.logger);
  }
}

interface OutletOutcome {
  /**
   * `returned to the outlet step`: the outlet's own releasing processor took the records back.
   * `returned to the link`: they did not arrive and the outlet has no such processor.
   */
  readonly delivery: 'delivered' | 'returned to the outlet step' | 'returned to the link';
  readonly error?: unknown;
}

/**
 * Runs `records` through an outlet's processors, flushing each, and pushes what comes out. When
 * the push fails, the records go back to the outlet's last releasing processor, if it has one.
 */
async function pushThroughOutlet(outlet: Outlet, index: number, records: DataRecord[], context: TransferContext): Promise<OutletOutcome> {
  const outletStep = await drainProcessorList(outlet.processors, context, outlet, records);
  if (outletStep.records.length === 0) return { delivery: 'delivered' };
  try {
    await outlet.push(outletStep.records, context.update);
    context.recordsOut[index] += outletStep.records.length;
    return { delivery: 'delivered' };
  } catch (error) {
    if (!outletStep.release) return { delivery: 'returned to the link', error };
    await restoreRelease(outletStep.release, context.logger);
    return { delivery: 'returned to the outlet step', error };
  }
}

/** Reports each failed push; throws at the first when the link does not ignore exceptions. */
function reportFailures(outlets: readonly Outlet[], outcomes: readonly OutletOutcome[], context: TransferContext): void {
  outcomes.forEach((outcome, index) => {
    if (outcome.delivery !== 'delivered') context.fail('outlet', outlets[index], outlets[index].name, outcome.error);
  });
}

/**
 * Runs processors in order, each on the records of the one before, flushing those that hold
 * records. `release` is the output of the last processor that released held records and can
 * take them back with `restore`.
 */
async function drainProcessorList(
  processors: readonly Processor[],
  context: TransferContext,
  outlet: Outlet | undefined,
  input: DataRecord[] = [],
): Promise<{ records: DataRecord[]; release: Release | undefined }> {
  let carried = input;
  let release: Release | undefined;
  for (const processor of processors) {
    if (carried.length === 0 && processor.flush === undefined) continue;
    const name = outlet ? `${outlet.name} ${processor.name || 'processor'}` : processor.name || 'processor';
    try {
      let output = carried.length > 0 ? await processor(carried, context.update) : [];
      if (processor.flush) output = [...output, ...(await processor.flush())];
      carried = output;
      release = releaseAfter(processor, output, release);
    } catch (error) {
      context.fail('processor', outlet, name, error);
    }
  }
  return { records: carried, release };
}

async function groupReleased(groupers: readonly Grouper[], records: DataRecord[], context: TransferContext): Promise<DataRecord[][]> {
  let batches = [records];
  for (const grouper of groupers) {
    try {
      batches = await grouper(batches, context.update);
    } catch (error) {
      context.fail('grouper', undefined, grouper.name || 'grouper', error);
    }
  }
  return batches;
}
