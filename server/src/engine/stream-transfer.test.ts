import { afterEach, describe, expect, it } from 'vitest';
import { InvalidLinkOptionError, TransferError } from './errors.js';
import type { NodeFailedEvent, TransferFinishedEvent } from './events.js';
import { Inlet, type PullResult } from './inlet.js';
import { Link, type LinkOptions } from './link.js';
import { NodeSchedulePlanner } from './planner.js';
import type { DataRecord } from './record.js';
import { CollectOutlet, Journal, silentLogger, sleep, ValueInlet } from './test-support/nodes.js';
import type { Update } from './update.js';

/** An inlet that yields the given batches from `pullBatches`, and all of them at once from `pull`. */
class BatchInlet extends Inlet {
  closed = false;
  batchesRead = 0;

  constructor(
    private readonly batches: unknown[][],
    private readonly journal: Journal,
    private readonly failAfter?: { batches: number; error: Error },
  ) {
    super();
  }

  pull(_update: Update): PullResult {
    this.journal.add(`pull:${this.name}`);
    return this.batches.flat();
  }

  override async *pullBatches(_update: Update): AsyncGenerator<PullResult> {
    try {
      for (const batch of this.batches) {
        if (this.failAfter && this.batchesRead === this.failAfter.batches) throw this.failAfter.error;
        // Lets other inlets and pushes run between two reads, as a real read would.
        await sleep(1);
        this.batchesRead += 1;
        this.journal.add(`read:${this.name}:${this.batchesRead}`);
        yield batch;
      }
    } finally {
      this.closed = true;
    }
  }
}

/** An outlet that records each push in the journal and counts pushes that overlap. */
class JournalOutlet extends CollectOutlet {
  active = 0;
  maxActive = 0;

  constructor(
    private readonly journal: Journal,
    private readonly failOnPush?: number,
  ) {
    super();
  }

  override async push(records: DataRecord[], update: Update): Promise<void> {
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      await sleep(2);
      if (this.batches.length + 1 === this.failOnPush) throw new Error('disk full');
      this.journal.add(`push:${records.length}`);
      await super.push(records, update);
    } finally {
      this.active -= 1;
    }
  }
}

const links: Link[] = [];

function makeLink(options: Partial<LinkOptions> & Pick<LinkOptions, 'inlets' | 'outlets'>): Link {
  const link = new Link({ interval: 60_000, logger: silentLogger, streamBatches: true, ...options });
  links.push(link);
  return link;
}

afterEach(async () => {
  for (const link of links.splice(0)) {
    while (link.started) await link.shutdown().catch(() => undefined);
  }
});

describe('streamed transfer', () => {
  it('pushes each batch before reading the next', async () => {
    const journal = new Journal();
    const inlet = new BatchInlet([[1, 2], [3, 4, 5], [6]], journal);
    const outlet = new JournalOutlet(journal);

    const result = await makeLink({ inlets: [inlet], outlets: [outlet] }).transfer();

    expect(journal.entries).toEqual(['read:BatchInlet:1', 'push:2', 'read:BatchInlet:2', 'push:3', 'read:BatchInlet:3', 'push:1']);
    expect(outlet.batches.map((batch) => batch.map((record) => record.payload))).toEqual([[1, 2], [3, 4, 5], [6]]);
    expect(result.recordsInTotal).toBe(6);
    expect(result.recordsOutTotal).toBe(6);
    expect(inlet.closed).toBe(true);
  });

  it('pulls once and pushes once without streamBatches', async () => {
    const journal = new Journal();
    const inlet = new BatchInlet([[1, 2], [3]], journal);
    const outlet = new JournalOutlet(journal);

    await makeLink({ inlets: [inlet], outlets: [outlet], streamBatches: false }).transfer();

    expect(journal.entries).toEqual(['pull:BatchInlet', 'push:3']);
  });

  it('takes the pull of an inlet without pullBatches as one batch', async () => {
    const journal = new Journal();
    const outlet = new JournalOutlet(journal);

    const result = await makeLink({ inlets: [new ValueInlet({ value: ['a', 'b', 'c'] })], outlets: [outlet] }).transfer();

    expect(journal.entries).toEqual(['push:3']);
    expect(result.recordsIn[0].count).toBe(3);
  });

  it('never pushes two batches at once', async () => {
    const journal = new Journal();
    const first = new BatchInlet([[1], [2], [3]], journal);
    const second = new BatchInlet([[10, 20], [30]], journal);
    const outlet = new JournalOutlet(journal);

    const result = await makeLink({ inlets: [first, second], outlets: [outlet] }).transfer();

    expect(outlet.maxActive).toBe(1);
    expect(outlet.batches).toHaveLength(5);
    expect(outlet.records.map((record) => record.payload).sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 10, 20, 30]);
    expect(result.recordsIn.map((entry) => entry.count)).toEqual([3, 3]);
  });

  it('runs link processors on each batch', async () => {
    const journal = new Journal();
    const seen: number[] = [];
    const double = (records: DataRecord[]) => {
      seen.push(records.length);
      return records.map((record) => ({ ...record, payload: Number(record.payload) * 2 }));
    };
    const outlet = new JournalOutlet(journal);

    await makeLink({ inlets: [new BatchInlet([[1, 2], [3]], journal)], outlets: [outlet], processors: [double] }).transfer();

    expect(seen).toEqual([2, 1]);
    expect(outlet.records.map((record) => record.payload)).toEqual([2, 4, 6]);
  });

  it('rejects groupers with streamBatches', () => {
    const create = () =>
      new Link({
        id: 'big-file',
        inlets: [],
        outlets: [],
        interval: 1_000,
        streamBatches: true,
        groupers: [(batches) => batches],
        logger: silentLogger,
      });

    expect(create).toThrow(InvalidLinkOptionError);
    expect(create).toThrow(/Link "big-file": streamBatches cannot be combined with groupers/);
  });

  it('fails the transfer when an inlet fails mid-stream', async () => {
    const journal = new Journal();
    const failing = new BatchInlet([[1], [2], [3]], journal, { batches: 1, error: new Error('connection reset') });
    const slow = new BatchInlet([[10], [20], [30], [40], [50], [60]], journal);
    const outlet = new JournalOutlet(journal);

    const transfer = makeLink({ inlets: [failing, slow], outlets: [outlet] }).transfer();

    await expect(transfer).rejects.toThrow(TransferError);
    await expect(transfer).rejects.toThrow(/connection reset/);
    expect(outlet.records.map((record) => record.payload)).toContain(1);
    expect(slow.closed).toBe(true);
    expect(slow.batchesRead).toBeLessThan(6);
  });

  it('keeps the batches read before an ignored inlet failure', async () => {
    const journal = new Journal();
    const inlet = new BatchInlet([[1, 2], [3], [4]], journal, { batches: 2, error: new Error('connection reset') });
    const outlet = new JournalOutlet(journal);
    const link = makeLink({ inlets: [inlet], outlets: [outlet], ignoreExceptions: true });
    const failures: NodeFailedEvent[] = [];
    link.on('nodeFailed', (event) => failures.push(event));

    const result = await link.transfer();

    expect(outlet.records.map((record) => record.payload)).toEqual([1, 2, 3]);
    expect(result.recordsInTotal).toBe(3);
    expect(result.error).toBeUndefined();
    expect(failures.map((event) => event.stage)).toEqual(['inlet']);
  });

  it('stops reading when an outlet fails', async () => {
    const journal = new Journal();
    const inlet = new BatchInlet([[1], [2], [3], [4]], journal);
    const outlet = new JournalOutlet(journal, 2);

    await expect(makeLink({ inlets: [inlet], outlets: [outlet] }).transfer()).rejects.toThrow(/disk full/);

    expect(outlet.records.map((record) => record.payload)).toEqual([1]);
    expect(inlet.batchesRead).toBe(2);
    expect(inlet.closed).toBe(true);
  });

  it('streams transfers a planner starts', async () => {
    const journal = new Journal();
    const outlet = new JournalOutlet(journal);
    const link = makeLink({ inlets: [new BatchInlet([[1], [2, 3]], journal)], outlets: [outlet] });
    const planner = new NodeSchedulePlanner({ links: [link], logger: silentLogger });
    const finished = new Promise<TransferFinishedEvent>((resolve) => link.once('transferFinished', resolve));

    await planner.start();
    const event = await finished;
    await planner.shutdown({ wait: true });

    expect(journal.entries).toEqual(['read:BatchInlet:1', 'push:1', 'read:BatchInlet:2', 'push:2']);
    expect(event.recordsOutTotal).toBe(3);
  });
});
