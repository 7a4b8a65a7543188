import { settleWithConcurrency } from './concurrency.js';
import type { Inlet, PullResult } from './inlet.js';
import type { Logger } from 'pino';
import type { DataRecord } from './record.js';
import type { TransferContext, TransferPlan } from './transfer.js';
import type { Update } from './update.js';

/** Runs a link's processors on one batch and pushes the result to every outlet. */
export type PushStep = (records: DataRecord[]) => Promise<unknown>;

/**
 * Runs a transfer of a link that streams batches: each batch an inlet reads goes through the
 * link's processors and to its outlets before that inlet reads the next one. Batches of
 * different inlets are pushed one after another, never at the same time, so an outlet receives
 * one `push` of a transfer at a time, as it does with groupers.
 *
 * An inlet without `pullBatches` is one batch: the result of its `pull`.
 */
export async function streamTransfer(plan: TransferPlan, context: TransferContext, pushStep: PushStep): Promise<void> {
  const stream = new BatchStream(context, pushStep);
  const { inlets, inletConcurrency } = plan;

  const results = await settleWithConcurrency(inlets, inletConcurrency, (inlet, index) => stream.drainInlet(inlet, index));

  for (const result of results) {
    if (result.status === 'rejected') throw result.reason;
  }
}

class BatchStream {
  /** Settles when the batch pushed last has gone to every outlet. */
  private pushing: Promise<unknown> = Promise.resolve();
  /** Set when a step failed and the link does not ignore exceptions: every inlet stops reading. */
  private stopped = false;

  constructor(
    private readonly context: TransferContext,
    private readonly pushStep: PushStep,
  ) {}

  /** Reads one inlet's batches and pushes each before reading the next. */
  async drainInlet(inlet: Inlet, index: number): Promise<void> {
    const iterator = this.batchesOf(inlet);
    if (!iterator) return;

    for (;;) {
      let step: IteratorResult<PullResult>;
      try {
        step = await iterator.next();
      } catch (error) {
        this.failInlet(inlet, error);
        return;
      }
      if (step.done) return;
      if (this.stopped) {
        await closeQuietly(iterator, inlet, this.context.logger);
        return;
      }

      let records: DataRecord[];
      try {
        records = inlet.toRecords(step.value);
      } catch (error) {
        await closeQuietly(iterator, inlet, this.context.logger);
        this.failInlet(inlet, error);
        return;
      }
      this.context.recordsIn[index] += records.length;

      try {
        await this.push(records);
      } catch (error) {
        this.stopped = true;
        await closeQuietly(iterator, inlet, this.context.logger);
        throw error;
      }
    }
  }

  /** Returns the inlet's batches, or undefined after reporting an inlet that failed to start them. */
  private batchesOf(inlet: Inlet): AsyncIterator<PullResult> | undefined {
    try {
      if (inlet.pullBatches) return inlet.pullBatches(this.context.update)[Symbol.asyncIterator]();
      return singleBatch(inlet, this.context.update);
    } catch (error) {
      this.failInlet(inlet, error);
      return undefined;
    }
  }

  /** Queues a batch behind the one pushed before it and resolves once it has been pushed. */
  private push(records: DataRecord[]): Promise<unknown> {
    const pushed = this.pushing.then(() => (this.stopped || records.length === 0 ? undefined : this.pushStep(records)));
    // The next batch waits for this one whether it succeeds or fails; failures reach its own inlet.
    this.pushing = pushed.catch(() => undefined);
    return pushed;
  }

  /** Reports a failed inlet; a link that does not ignore exceptions stops every inlet then. */
  private failInlet(inlet: Inlet, error: unknown): void {
    try {
      this.context.fail('inlet', inlet, inlet.name, error);
    } catch (transferError) {
      this.stopped = true;
      throw transferError;
    }
  }
}

/** Yields what the inlet's `pull` returns as the only batch, for an inlet without `pullBatches`. */
export async function* singleBatch(inlet: Inlet, update: Update): AsyncGenerator<PullResult> {
  yield await inlet.pull(update);
}

/**
 * Lets an inlet release its resources (an open file, a cursor) when its batches are no longer
 * read. The transfer already failed or stopped for another reason, which is the one reported,
 * so a failure here is only logged.
 */
async function closeQuietly(iterator: AsyncIterator<PullResult>, inlet: Inlet, logger: Logger): Promise<void> {
  try {
    await iterator.return?.();
  } catch (error) {
    logger.warn({ err: error, nodeName: inlet.name }, 'closing the batches of an inlet failed');
  }
}
