import { batchesPerOutlet } from './copy.js';
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
 * NOTE: a flushed step has already forgotten its records (a buffer deletes its stored state), so
 * records whose push fails here are logged with the failure but not kept for the next start.
 */
export async function drainTransferSteps(plan: TransferPlan, context: TransferContext): Promise<void> {
  const released = await drainProcessorList(plan.processors, context, undefined);
  const batches = released.length > 0 ? await groupReleased(plan.groupers, released, context) : [];

  for (const batch of batches) {
    if (batch.length === 0) continue;
    const perOutlet = batchesPerOutlet(batch, plan.outlets.length, plan.copyRecords);
    await Promise.all(plan.outlets.map((outlet, index) => pushThroughOutlet(outlet, index, perOutlet[index], context)));
  }
  // Outlet processors may hold records although the link's released none.
  await Promise.all(plan.outlets.map((outlet, index) => pushThroughOutlet(outlet, index, [], context)));
}

/** Runs `records` through an outlet's processors, flushing each, and pushes what comes out. */
async function pushThroughOutlet(outlet: Outlet, index: number, records: DataRecord[], context: TransferContext): Promise<void> {
  const output = await drainProcessorList(outlet.processors, context, outlet, records);
  if (output.length === 0) return;
  try {
    await outlet.push(output, context.update);
    context.recordsOut[index] += output.length;
  } catch (error) {
    context.fail('outlet', outlet, outlet.name, error);
  }
}

async function drainProcessorList(
  processors: readonly Processor[],
  context: TransferContext,
  outlet: Outlet | undefined,
  input: DataRecord[] = [],
): Promise<DataRecord[]> {
  let carried = input;
  for (const processor of processors) {
    if (carried.length === 0 && processor.flush === undefined) continue;
    const name = outlet ? `${outlet.name} ${processor.name || 'processor'}` : processor.name || 'processor';
    try {
      let output = carried.length > 0 ? await processor(carried, context.update) : [];
      if (processor.flush) output = [...output, ...(await processor.flush())];
      carried = output;
    } catch (error) {
      context.fail('processor', outlet, name, error);
    }
  }
  return carried;
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
