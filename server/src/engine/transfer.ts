import { settleWithConcurrency } from './concurrency.js';
import { batchesPerOutlet } from './copy.js';
import type { FailureStage } from './events.js';
import type { Inlet } from './inlet.js';
import type { Grouper, Outlet, Processor } from './outlet.js';
import type { DataRecord } from './record.js';
import type { Logger } from 'pino';
import type { Update } from './update.js';
import { pushOrRestore, releaseAfter, type Release } from './held-records.js';
import { streamTransfer } from './stream-transfer.js';

/**
 * Link settings that one transfer needs. The steps below depend on nothing else, so a transfer
 * can run in any process that can build the link's nodes.
 */
export interface TransferPlan {
  readonly inlets: readonly Inlet[];
  readonly outlets: readonly Outlet[];
  readonly processors: readonly Processor[];
  readonly groupers: readonly Grouper[];
  readonly copyRecords: boolean;
  readonly inletConcurrency: number | undefined;
  /** Push each batch an inlet reads before it reads the next, instead of after every inlet finished. */
  readonly streamBatches: boolean;
}

/** State of one running transfer. */
export interface TransferContext {
  readonly update: Update;
  /** Records each inlet added, by inlet index. */
  readonly recordsIn: number[];
  /** Records each outlet received, by outlet index. */
  readonly recordsOut: number[];
  /** The link's logger with this transfer's update. */
  readonly logger: Logger;
  /**
   * Reports a failed step. Returns when the link ignores exceptions, so the transfer goes on;
   * throws a TransferError otherwise.
   */
  fail(stage: FailureStage, node: Inlet | Outlet | undefined, nodeName: string, error: unknown): void;
}

/**
 * Pulls a transfer has started: the raw result of a link's only inlet, or the merged records of
 * several inlets.
 */
export type StartedPulls =
  | { readonly inlets: 'one'; readonly value: unknown; readonly threw: boolean }
  | { readonly inlets: 'many'; readonly records: Promise<DataRecord[]> }
  | { readonly inlets: 'stream'; readonly done: Promise<void> };

/**
 * Runs the steps of a transfer: pull, link processors, groupers, then each batch to every outlet.
 * The pulls start before this returns, with no async frame suspended.
 */
export function runTransferSteps(plan: TransferPlan, context: TransferContext): Promise<unknown> {
  return continueTransferSteps(plan, context, startPulls(plan, context));
}

/**
 * Calls the inlets' `pull` at once and nothing else. A planner starts every due link in one timer
 * callback, so it starts all pulls first and then runs `continueTransferSteps` for each link:
 * the promises and callbacks a transfer needs are then made after the last link's pull.
 */
export function startPulls(plan: TransferPlan, context: TransferContext): StartedPulls {
  if (plan.streamBatches) {
    return { inlets: 'stream', done: streamTransfer(plan, context, (records) => processAndPush(plan, context, records)) };
  }
  // One inlet, the most common link, needs neither a pool nor a merge.
  if (plan.inlets.length !== 1) return { inlets: 'many', records: pullManyInlets(plan, context) };
  try {
    return { inlets: 'one', value: plan.inlets[0].pull(context.update), threw: false };
  } catch (error) {
    return { inlets: 'one', value: error, threw: true };
  }
}

/** Runs the steps after the pulls that `startPulls` started. */
export function continueTransferSteps(plan: TransferPlan, context: TransferContext, pulls: StartedPulls): Promise<unknown> {
  if (pulls.inlets === 'stream') return pulls.done;
  const records = pulls.inlets === 'many' ? pulls.records : settlePull(plan.inlets[0], 0, context, pulls.value, pulls.threw);
  return records.then((pulled) => processAndPush(plan, context, pulled));
}

/** Runs the link's processors and groupers on `pulled` and pushes the batches; resolves once they were pushed. */
function processAndPush(plan: TransferPlan, context: TransferContext, pulled: DataRecord[]): Promise<unknown> {
  // A link without processors and groupers pushes one batch and needs no async frame: that frame
  // was about 0.85 KB of the 3 KB a trivial transfer allocated.
  if (plan.processors.length === 0 && plan.groupers.length === 0) {
    return pulled.length === 0 ? Promise.resolve() : pushBatch(plan, pulled, context);
  }
  return processGroupAndPush(plan, context, pulled);
}

async function processGroupAndPush(plan: TransferPlan, context: TransferContext, pulled: DataRecord[]): Promise<void> {
  // Steps with nothing to run are skipped outright: each await costs a promise and a microtask,
  // which adds up when a planner runs a thousand transfers at once.
  let records = pulled;
  let release: Release | undefined;
  if (plan.processors.length > 0) ({ records, release } = await runProcessors(plan.processors, records, context, undefined));
  if (!release) {
    await groupAndPush(plan, context, records);
    return;
  }

  // A buffer released held records: when they reach no outlet, they go back to it for a later transfer.
  await pushOrRestore(release, context.logger, () => groupAndPush(plan, context, records));
}

/** Runs the groupers and pushes each batch. Resolves to false when a batch did not reach every outlet. */
async function groupAndPush(plan: TransferPlan, context: TransferContext, records: DataRecord[]): Promise<boolean> {
  const batches = plan.groupers.length > 0 ? await runGroupers(plan.groupers, records, context) : [records];

  let delivered = true;
  for (const batch of batches) {
    if (batch.length === 0) continue;
    if (!(await pushBatch(plan, batch, context))) delivered = false;
  }
  return delivered;
}

async function pullManyInlets(plan: TransferPlan, context: TransferContext): Promise<DataRecord[]> {
  const { inlets, inletConcurrency } = plan;
  let results: PromiseSettledResult<DataRecord[]>[];
  if (inletConcurrency === undefined || inletConcurrency >= inlets.length) {
    const pulls = new Array<Promise<DataRecord[]>>(inlets.length);
    for (let index = 0; index < inlets.length; index += 1) pulls[index] = pullInlet(inlets[index], index, context);
    results = await Promise.allSettled(pulls);
  } else {
    results = await settleWithConcurrency(inlets, inletConcurrency, (inlet, index) => pullInlet(inlet, index, context));
  }
  throwFirstRejection(results);

  const records: DataRecord[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') {
      for (const record of result.value) records.push(record);
    }
  }
  return records;
}

/**
 * Calls `pull` at once and turns its result into records when it settles. This is not an async
 * function because a suspended async frame costs several times the memory of one promise reaction.
 */
function pullInlet(inlet: Inlet, index: number, context: TransferContext): Promise<DataRecord[]> {
  try {
    return settlePull(inlet, index, context, inlet.pull(context.update), false);
  } catch (error) {
    return settlePull(inlet, index, context, error, true);
  }
}

/** Turns what `pull` returned, or threw when `threw` is true, into records once it settles. */
function settlePull(inlet: Inlet, index: number, context: TransferContext, pulled: unknown, threw: boolean): Promise<DataRecord[]> {
  return (threw ? Promise.reject(pulled) : Promise.resolve(pulled)).then(
    (result) => {
      try {
        const records = inlet.toRecords(result);
        context.recordsIn[index] = records.length;
        return records;
      } catch (error) {
        return failPull(inlet, context, error);
      }
    },
    (error: unknown) => failPull(inlet, context, error),
  );
}

/** Reports a failed pull; returns no records when the link ignores exceptions and throws otherwise. */
function failPull(inlet: Inlet, context: TransferContext, error: unknown): DataRecord[] {
  context.fail('inlet', inlet, inlet.name, error);
  return [];
}

/**
 * Runs processors in order. A failed processor that is ignored passes its input on unchanged.
 * `release` is what the last processor holding records across transfers released, if it can
 * take it back.
 */
async function runProcessors(
  processors: readonly Processor[],
  records: DataRecord[],
  context: TransferContext,
  outlet: Outlet | undefined,
): Promise<{ records: DataRecord[]; release: Release | undefined }> {
  let current = records;
  let release: Release | undefined;

  for (let index = 0; index < processors.length; index += 1) {
    const processor = processors[index];
    const name = functionName(processor, 'processor', index, outlet);
    try {
      const result = await processor(current, context.update);
      current = checkRecords(result, name);
      release = releaseAfter(processor, current, release);
    } catch (error) {
      context.fail('processor', outlet, name, error);
    }
  }
  return { records: current, release };
}

/** Runs groupers in order, starting from one batch. A failed grouper that is ignored passes its input on. */
async function runGroupers(
  groupers: readonly Grouper[],
  records: DataRecord[],
  context: TransferContext,
): Promise<DataRecord[][]> {
  let batches = [records];

  for (let index = 0; index < groupers.length; index += 1) {
    const grouper = groupers[index];
    const name = functionName(grouper, 'grouper', index, undefined);
    try {
      const result = await grouper(batches, context.update);
      batches = checkBatches(result, name);
    } catch (error) {
      context.fail('grouper', undefined, name, error);
    }
  }
  return batches;
}

/**
 * Sends one batch to all outlets at once; each outlet gets its own copy when the link copies
 * records. Resolves to true when every outlet took the batch, or held it in its own processors.
 */
function pushBatch(plan: TransferPlan, batch: DataRecord[], context: TransferContext): Promise<boolean> {
  // One outlet needs neither copies nor a fan-out.
  if (plan.outlets.length === 1) return pushToOutlet(plan.outlets[0], 0, batch, context);
  return pushToAllOutlets(plan, batch, context);
}

async function pushToAllOutlets(plan: TransferPlan, batch: DataRecord[], context: TransferContext): Promise<boolean> {
  let perOutlet: DataRecord[][];
  let copied = true;
  try {
    perOutlet = batchesPerOutlet(batch, plan.outlets.length, plan.copyRecords);
  } catch (error) {
    // A record structuredClone cannot copy fails every outlet that needed a copy; the last gets the originals.
    const reason = new Error(
      `Could not copy records for the link's outlets: ${(error as Error).message}. ` +
        'Set copyRecords: false, or keep payloads and metadata structured-cloneable.',
      { cause: error },
    );
    for (const outlet of plan.outlets.slice(0, -1)) context.fail('outlet', outlet, outlet.name, reason);
    perOutlet = plan.outlets.map((_, index) => (index === plan.outlets.length - 1 ? batch : []));
    copied = false;
  }

  const results = await Promise.allSettled(
    plan.outlets.map((outlet, index) => pushToOutlet(outlet, index, perOutlet[index], context)),
  );
  throwFirstRejection(results);
  return copied && results.every((result) => result.status === 'fulfilled' && result.value);
}

function pushToOutlet(outlet: Outlet, index: number, batch: DataRecord[], context: TransferContext): Promise<boolean> {
  if (outlet.processors.length === 0) return pushRecords(outlet, index, batch, context);
  return processThenPush(outlet, index, batch, context);
}

/** Runs the outlet's processors, then pushes; records an outlet buffer released go back to it when the push fails. */
async function processThenPush(outlet: Outlet, index: number, batch: DataRecord[], context: TransferContext): Promise<boolean> {
  const { records, release } = await runProcessors(outlet.processors, batch, context, outlet);
  if (!release) return pushRecords(outlet, index, records, context);

  await pushOrRestore(release, context.logger, () => pushRecords(outlet, index, records, context));
  // The outlet's buffer holds them again, so the link's own released records are not lost here.
  return true;
}

/**
 * Calls `push` and counts the records once it settles. Resolves to false when the push failed
 * and the link ignores exceptions. Not async, for the reason given at pullInlet.
 */
function pushRecords(outlet: Outlet, index: number, records: DataRecord[], context: TransferContext): Promise<boolean> {
  if (records.length === 0) return Promise.resolve(true);

  let pushed: unknown;
  try {
    pushed = outlet.push(records, context.update);
  } catch (error) {
    pushed = Promise.reject(error);
  }

  return Promise.resolve(pushed).then(
    () => {
      context.recordsOut[index] += records.length;
      return true;
    },
    (error: unknown) => {
      context.fail('outlet', outlet, outlet.name, error);
      return false;
    },
  );
}

function throwFirstRejection(results: readonly PromiseSettledResult<unknown>[]): void {
  for (const result of results) {
    if (result.status === 'rejected') throw result.reason;
  }
}

function functionName(fn: Function, kind: string, index: number, outlet: Outlet | undefined): string {
  const own = fn.name || `${kind} #${index + 1}`;
  return outlet ? `${outlet.name} ${own}` : own;
}

function checkRecords(value: unknown, name: string): DataRecord[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`"${name}" returned ${describeValue(value)}; a processor must return an array of records.`);
  }
  return value as DataRecord[];
}

function checkBatches(value: unknown, name: string): DataRecord[][] {
  if (!Array.isArray(value) || !value.every((batch) => Array.isArray(batch))) {
    throw new TypeError(
      `"${name}" returned ${describeValue(value)}; a grouper must return an array of record arrays.`,
    );
  }
  return value as DataRecord[][];
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array with a non-array item';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
