import { afterEach, describe, expect, it } from 'vitest';
import { InvalidIntervalError } from '@databay-studio/shared';
import { InvalidLinkOptionError, NodeLifecycleError, TransferError } from './errors.js';
import type { NodeFailedEvent, TransferFinishedEvent, TransferStartedEvent } from './events.js';
import { Link, type LinkOptions } from './link.js';
import { DataRecord, INLET_METADATA_KEY } from './record.js';
import { CollectOutlet, Journal, memoryLogger, silentLogger, sleep, ValueInlet } from './test-support/nodes.js';
import { Update } from './update.js';

const started: Link[] = [];

function makeLink(options: Partial<LinkOptions> & Pick<LinkOptions, 'inlets' | 'outlets'>): Link {
  const link = new Link({ interval: 1_000, logger: silentLogger, ...options });
  started.push(link);
  return link;
}

afterEach(async () => {
  for (const link of started.splice(0)) {
    while (link.started) await link.shutdown().catch(() => undefined);
  }
});

describe('Link options', () => {
  it('defaults id, tags and flags', () => {
    const link = makeLink({ inlets: [], outlets: [] });

    expect(link.id).toMatch(/^link-\d+$/);
    expect(link.tags).toEqual([]);
    expect(link.intervalMs).toBe(1_000);
    expect(link.copyRecords).toBe(true);
    expect(link.ignoreExceptions).toBe(false);
    expect(link.immediateTransfer).toBe(true);
    expect(link.inletConcurrency).toBeUndefined();
    expect(link.running).toBe(false);
  });

  it('accepts one tag as a string', () => {
    expect(makeLink({ inlets: [], outlets: [], tags: 'quakes' }).tags).toEqual(['quakes']);
  });

  it('converts an interval object to milliseconds', () => {
    const link = makeLink({ inlets: [], outlets: [], interval: { minutes: 1, seconds: 30 } });

    expect(link.intervalMs).toBe(90_000);
  });

  it.each([
    [0, /Link "bad": Invalid interval 0: it must be a positive, finite duration, got 0 ms/],
    [-5, /Invalid interval -5/],
    [NaN, /Invalid interval NaN/],
    [Infinity, /Invalid interval Infinity/],
    [{ seconds: 0 }, /Invalid interval \{"seconds":0\}/],
    [{ weeks: 1 }, /unknown unit "weeks"/],
    [{ seconds: 'five' }, /"seconds" must be a finite number, got five/],
  ])('rejects interval %s naming the value', (interval, message) => {
    const create = () =>
      new Link({ id: 'bad', inlets: [], outlets: [], interval: interval as never, logger: silentLogger });

    expect(create).toThrow(InvalidIntervalError);
    expect(create).toThrow(message);
  });

  it.each([0, -1, 1.5, NaN])('rejects inletConcurrency %s', (limit) => {
    const create = () => makeLink({ id: 'c', inlets: [], outlets: [], inletConcurrency: limit });

    expect(create).toThrow(InvalidLinkOptionError);
    expect(create).toThrow(`invalid inletConcurrency ${String(limit)}`);
  });

  it('rejects an empty tag', () => {
    expect(() => makeLink({ id: 't', inlets: [], outlets: [], tags: ['a', ''] })).toThrow(/invalid tags \["a",""\]/);
  });

  it('rejects inlets that are not an array', () => {
    expect(() => makeLink({ id: 'i', inlets: undefined as never, outlets: [] })).toThrow(/inlets must be an array/);
  });
});

describe('Update', () => {
  it('formats tags and the transfer number', () => {
    expect(new Update(['quakes', 'usgs'], 12).toString()).toBe('quakes.usgs.12');
    expect(JSON.stringify({ update: new Update(['a'], 0) })).toBe('{"update":"a.0"}');
  });

  it('formats only the number without tags', () => {
    expect(new Update([], 3).toString()).toBe('3');
  });

  it('counts transfers per link from 0', async () => {
    const inlet = new ValueInlet({ value: 1 });
    const link = makeLink({ inlets: [inlet], outlets: [new CollectOutlet()], tags: ['t'] });

    await link.transfer();
    await link.transfer();

    expect(inlet.updates).toEqual(['t.0', 't.1']);
    expect(link.transfers).toBe(2);
  });
});

describe('pull results', () => {
  async function pullOnce(value: unknown, metadata?: Record<string, unknown>): Promise<DataRecord[]> {
    const outlet = new CollectOutlet();
    const inlet = new ValueInlet({ value, metadata, name: 'source' });
    await makeLink({ inlets: [inlet], outlets: [outlet] }).transfer();
    return outlet.records;
  }

  it('wraps a single value', async () => {
    const records = await pullOnce({ magnitude: 5 });

    expect(records).toHaveLength(1);
    expect(records[0]).toBeInstanceOf(DataRecord);
    expect(records[0].payload).toEqual({ magnitude: 5 });
    expect(records[0].metadata).toEqual({ [INLET_METADATA_KEY]: 'source' });
  });

  it('wraps each value of an array', async () => {
    const records = await pullOnce([1, 2, 3]);

    expect(records.map((record) => record.payload)).toEqual([1, 2, 3]);
  });

  it('keeps a returned record and merges metadata', async () => {
    const record = new DataRecord('x', { key: 'record', own: 1 });
    const records = await pullOnce(record, { key: 'inlet', shared: true });

    expect(records[0].payload).toBe('x');
    expect(records[0].metadata).toEqual({ key: 'record', own: 1, shared: true, [INLET_METADATA_KEY]: 'source' });
  });

  it('sets __inlet__ over a record’s own value', async () => {
    const records = await pullOnce(new DataRecord('x', { [INLET_METADATA_KEY]: 'forged' }));

    expect(records[0].metadata[INLET_METADATA_KEY]).toBe('source');
  });

  it('accepts an array of records', async () => {
    const records = await pullOnce([new DataRecord('a'), new DataRecord('b', { n: 2 })]);

    expect(records.map((record) => record.payload)).toEqual(['a', 'b']);
    expect(records[1].metadata).toEqual({ n: 2, [INLET_METADATA_KEY]: 'source' });
  });

  it('adds nothing for undefined and pushes nothing', async () => {
    const outlet = new CollectOutlet();
    const result = await makeLink({ inlets: [new ValueInlet({ value: undefined })], outlets: [outlet] }).transfer();

    expect(outlet.batches).toHaveLength(0);
    expect(result.recordsInTotal).toBe(0);
    expect(result.status).toBe('ok');
  });
});

describe('inlet concurrency', () => {
  it('pulls all inlets at once by default', async () => {
    const inlets = Array.from({ length: 4 }, (_, index) => new ValueInlet({ value: index, delayMs: 30 }));
    const tracker = trackConcurrency(inlets);

    await makeLink({ inlets, outlets: [new CollectOutlet()] }).transfer();

    expect(tracker.max()).toBe(4);
  });

  it('observes the limit with slow inlets', async () => {
    const inlets = Array.from({ length: 5 }, (_, index) => new ValueInlet({ value: index, delayMs: 30 }));
    const tracker = trackConcurrency(inlets);
    const outlet = new CollectOutlet();

    await makeLink({ inlets, outlets: [outlet], inletConcurrency: 2 }).transfer();

    expect(tracker.max()).toBe(2);
    expect(inlets.every((inlet) => inlet.pulls === 1)).toBe(true);
    // Records keep the inlet order whatever order the pulls finished in.
    expect(outlet.records.map((record) => record.payload)).toEqual([0, 1, 2, 3, 4]);
  });

  it('accepts Infinity as no limit', async () => {
    const inlets = Array.from({ length: 3 }, () => new ValueInlet({ value: 1, delayMs: 20 }));
    const tracker = trackConcurrency(inlets);

    await makeLink({ inlets, outlets: [], inletConcurrency: Infinity }).transfer();

    expect(tracker.max()).toBe(3);
  });

  it('pulls a started link in the caller’s tick', async () => {
    // A planner starts every due link in one timer callback, so the pulls must not wait for a later tick.
    const inlets = [new ValueInlet({ value: 1 }), new ValueInlet({ value: 2 })];
    const single = makeLink({ inlets: [inlets[0]], outlets: [] });
    const double = makeLink({ inlets, outlets: [] });
    await single.start();
    await double.start();

    const transfers = [single.runTransfer(Date.now()), double.runTransfer(Date.now())];

    expect(inlets[0].pulls).toBe(2);
    expect(inlets[1].pulls).toBe(1);
    await Promise.all(transfers);
  });

  it('starts pushing only after every pull finished', async () => {
    const journal = new Journal();
    const fast = new ValueInlet({ name: 'fast', value: 1, journal });
    const slow = new ValueInlet({ name: 'slow', value: 2, delayMs: 40, journal });
    const outlet = new CollectOutlet({ name: 'out', journal });

    await makeLink({ inlets: [fast, slow], outlets: [outlet] }).transfer();

    const firstPush = journal.entries.indexOf('push:out:start');
    expect(firstPush).toBeGreaterThan(journal.entries.indexOf('pull:slow:end'));
    expect(firstPush).toBeGreaterThan(journal.entries.indexOf('pull:fast:end'));
  });
});

function trackConcurrency(inlets: ValueInlet[]): { max: () => number } {
  let active = 0;
  let max = 0;
  for (const inlet of inlets) {
    const pull = inlet.pull.bind(inlet);
    inlet.pull = async (update) => {
      active += 1;
      max = Math.max(max, active);
      try {
        return await pull(update);
      } finally {
        active -= 1;
      }
    };
  }
  return { max: () => max };
}

describe('processors and groupers', () => {
  it('runs processors in order, sync and async, then groupers', async () => {
    const calls: string[] = [];
    const outlet = new CollectOutlet();
    const link = makeLink({
      inlets: [new ValueInlet({ value: [1, 2, 3, 4] })],
      outlets: [outlet],
      processors: [
        (records) => {
          calls.push('double');
          return records.map((record) => new DataRecord((record.payload as number) * 2));
        },
        async (records) => {
          calls.push('drop-small');
          await sleep(5);
          return records.filter((record) => (record.payload as number) > 2);
        },
      ],
      groupers: [
        (batches) => {
          calls.push('split');
          return batches.flatMap((batch) => batch.map((record) => [record]));
        },
        async (batches) => {
          calls.push('pairs');
          await sleep(5);
          const all = batches.flat();
          return [all.slice(0, 2), all.slice(2)];
        },
      ],
    });

    const result = await link.transfer();

    expect(calls).toEqual(['double', 'drop-small', 'split', 'pairs']);
    expect(outlet.batches.map((batch) => batch.map((record) => record.payload))).toEqual([[4, 6], [8]]);
    expect(result.recordsOutTotal).toBe(3);
  });

  it('passes the update to processors and groupers', async () => {
    const seen: string[] = [];
    await makeLink({
      inlets: [new ValueInlet({ value: 1 })],
      outlets: [new CollectOutlet()],
      tags: ['p'],
      processors: [(records, update) => (seen.push(`processor ${update}`), records)],
      groupers: [(batches, update) => (seen.push(`grouper ${update}`), batches)],
    }).transfer();

    expect(seen).toEqual(['processor p.0', 'grouper p.0']);
  });

  it('pushes batches one after another, each to all outlets at once', async () => {
    const journal = new Journal();
    const first = new CollectOutlet({ name: 'a', delayMs: 20, journal });
    const second = new CollectOutlet({ name: 'b', delayMs: 20, journal });

    await makeLink({
      inlets: [new ValueInlet({ value: [1, 2] })],
      outlets: [first, second],
      groupers: [(batches) => batches.flat().map((record) => [record])],
    }).transfer();

    expect(journal.entries.filter((entry) => entry.startsWith('push:'))).toEqual([
      'push:a:start',
      'push:b:start',
      'push:a:end',
      'push:b:end',
      'push:a:start',
      'push:b:start',
      'push:a:end',
      'push:b:end',
    ]);
  });

  it('runs outlet processors only for their outlet, before its push', async () => {
    const plain = new CollectOutlet();
    const filtered = new CollectOutlet({
      processors: [(records) => records.filter((record) => record.payload !== 2), async (records) => records.slice(0, 1)],
    });

    const result = await makeLink({ inlets: [new ValueInlet({ value: [1, 2, 3] })], outlets: [plain, filtered] }).transfer();

    expect(plain.records.map((record) => record.payload)).toEqual([1, 2, 3]);
    expect(filtered.records.map((record) => record.payload)).toEqual([1]);
    expect(result.recordsOut.map((entry) => entry.count)).toEqual([3, 1]);
  });

  it('fails a processor that returns no array', async () => {
    const link = makeLink({
      id: 'bad-processor',
      inlets: [new ValueInlet({ value: 1 })],
      outlets: [new CollectOutlet()],
      processors: [function broken() { return 'nope' as never; }],
    });

    await expect(link.transfer()).rejects.toThrow(/processor "broken" threw: "broken" returned string nope/);
  });
});

describe('copyRecords', () => {
  it('isolates two mutating outlets and their processors', async () => {
    const mutate = (records: DataRecord[], label: string) => {
      for (const record of records) {
        (record.payload as { seen: string[] }).seen.push(label);
        record.metadata.touchedBy = label;
      }
    };
    const first = new CollectOutlet({ onPush: (records) => mutate(records, 'first') });
    const second = new CollectOutlet({
      processors: [(records) => (mutate(records, 'second-processor'), records)],
      onPush: (records) => mutate(records, 'second'),
    });

    await makeLink({ inlets: [new ValueInlet({ value: () => ({ seen: [] }) })], outlets: [first, second] }).transfer();

    expect(first.records[0].payload).toEqual({ seen: ['first'] });
    expect(first.records[0].metadata.touchedBy).toBe('first');
    expect(second.records[0].payload).toEqual({ seen: ['second-processor', 'second'] });
    expect(second.records[0].metadata.touchedBy).toBe('second');
    expect(first.records[0]).toBeInstanceOf(DataRecord);
  });

  it('gives the last outlet the originals and copies for the others', async () => {
    const original = new DataRecord({ n: 1 });
    const outlets = [new CollectOutlet(), new CollectOutlet(), new CollectOutlet()];

    await makeLink({ inlets: [new ValueInlet({ value: original })], outlets }).transfer();

    // The inlet wraps the returned record, so compare with the record that reached the last outlet.
    const last = outlets[2].records[0];
    expect(outlets[0].records[0]).not.toBe(last);
    expect(outlets[1].records[0]).not.toBe(last);
    expect(outlets[0].records[0].payload).not.toBe(last.payload);
    expect(outlets[0].records[0].payload).toEqual(last.payload);
  });

  it('keeps the class of copied records', async () => {
    class QuakeRecord extends DataRecord<{ magnitude: number }> {
      get strong(): boolean {
        return this.payload.magnitude >= 6;
      }
    }
    const outlets = [new CollectOutlet(), new CollectOutlet()];
    const link = makeLink({
      inlets: [new ValueInlet({ value: 1 })],
      outlets,
      processors: [() => [new QuakeRecord({ magnitude: 7 })]],
    });

    await link.transfer();

    const copy = outlets[0].records[0];
    expect(copy).toBeInstanceOf(QuakeRecord);
    expect((copy as QuakeRecord).strong).toBe(true);
    expect(copy).not.toBe(outlets[1].records[0]);
  });

  it('copies nothing for one outlet', async () => {
    const payload = { n: 1 };
    const outlet = new CollectOutlet();

    await makeLink({ inlets: [new ValueInlet({ value: payload })], outlets: [outlet] }).transfer();

    expect(outlet.records[0].payload).toBe(payload);
  });

  it('shares records between outlets when off', async () => {
    const outlets = [new CollectOutlet(), new CollectOutlet()];

    await makeLink({ inlets: [new ValueInlet({ value: { n: 1 } })], outlets, copyRecords: false }).transfer();

    expect(outlets[0].records[0]).toBe(outlets[1].records[0]);
  });

  it('fails the copied outlets when a payload cannot be cloned', async () => {
    const outlets = [new CollectOutlet({ name: 'copy' }), new CollectOutlet({ name: 'last' })];
    const link = makeLink({ inlets: [new ValueInlet({ value: { fn: () => 1 } })], outlets, ignoreExceptions: true });
    const failures: NodeFailedEvent[] = [];
    link.on('nodeFailed', (event) => failures.push(event));

    await link.transfer();

    expect(failures.map((event) => event.nodeName)).toEqual(['copy']);
    expect(failures[0].error.message).toMatch(/Could not copy records.*Set copyRecords: false/);
    expect(outlets[1].records).toHaveLength(1);
  });
});

describe('lifecycle', () => {
  it('runs onStart and onShutdown once for a node in two links', async () => {
    const journal = new Journal();
    const shared = new ValueInlet({ name: 'shared', value: 1, journal });
    const first = makeLink({ inlets: [shared], outlets: [new CollectOutlet({ name: 'o1', journal })] });
    const second = makeLink({ inlets: [shared], outlets: [new CollectOutlet({ name: 'o2', journal })] });

    await first.start();
    await second.start();
    await first.transfer();
    await second.transfer();
    await first.shutdown();
    expect(journal.count('shutdown:shared')).toBe(0);
    await second.shutdown();

    expect(journal.count('start:shared')).toBe(1);
    expect(journal.count('shutdown:shared')).toBe(1);
    expect(journal.count('start:o1')).toBe(1);
    expect(journal.count('shutdown:o2')).toBe(1);
  });

  it('restarts cleanly while a shutdown is still running', async () => {
    const journal = new Journal();
    const inlet = new ValueInlet({ name: 'n', value: 1, journal });
    const link = makeLink({ inlets: [inlet], outlets: [] });
    await link.start();

    const stopping = link.shutdown();
    const restarting = link.start();
    await Promise.all([stopping, restarting]);

    // The restart acquires the node before the shutdown releases it, so the node stays up.
    expect(link.started).toBe(true);
    expect(journal.entries).toEqual(['start:n']);
    await link.shutdown();
    expect(journal.entries).toEqual(['start:n', 'shutdown:n']);
    expect(inlet.lifecycle.active).toBe(false);
  });

  it('starts a node used twice in one link once', async () => {
    const journal = new Journal();
    const inlet = new ValueInlet({ name: 'twice', value: 1, journal });
    const link = makeLink({ inlets: [inlet, inlet], outlets: [new CollectOutlet()] });

    const result = await link.transfer();
    await link.shutdown();

    expect(journal.count('start:twice')).toBe(1);
    expect(journal.count('shutdown:twice')).toBe(1);
    expect(result.recordsInTotal).toBe(2);
  });

  it('starts a never-started link on transfer', async () => {
    const journal = new Journal();
    const link = makeLink({ inlets: [new ValueInlet({ name: 'in', value: 1, journal })], outlets: [new CollectOutlet()] });

    await Promise.all([link.transfer(), link.transfer()]);

    expect(link.started).toBe(true);
    expect(journal.entries.indexOf('start:in')).toBe(0);
    expect(journal.count('start:in')).toBe(1);
    await link.shutdown();
    expect(journal.count('shutdown:in')).toBe(1);
  });

  it('rejects start and releases started nodes when onStart throws', async () => {
    const journal = new Journal();
    const good = new ValueInlet({ name: 'good', journal });
    const bad = new ValueInlet({ name: 'bad', journal, startError: new Error('no connection') });
    const link = makeLink({ id: 'l', inlets: [good, bad], outlets: [] });
    const failures: NodeFailedEvent[] = [];
    link.on('nodeFailed', (event) => failures.push(event));

    await expect(link.start()).rejects.toThrow(NodeLifecycleError);
    await expect(link.transfer()).rejects.toThrow('Link "l": onStart of "bad" threw: no connection');

    expect(link.started).toBe(false);
    expect(journal.count('shutdown:good')).toBe(2);
    expect(failures[0]).toMatchObject({ stage: 'start', nodeName: 'bad', node: bad });
  });

  it('goes on after a failed onStart when ignoring exceptions', async () => {
    const bad = new ValueInlet({ name: 'bad', value: 7, startError: new Error('flaky') });
    const outlet = new CollectOutlet();
    const link = makeLink({ inlets: [bad], outlets: [outlet], ignoreExceptions: true });

    await link.start();
    await link.transfer();

    expect(outlet.records.map((record) => record.payload)).toEqual([7]);
  });
});

describe('failures', () => {
  it('rejects with the node and update without ignoreExceptions', async () => {
    const { logger, lines } = memoryLogger();
    const outlet = new CollectOutlet();
    const link = makeLink({
      id: 'quakes-link',
      tags: ['quakes'],
      logger,
      inlets: [new ValueInlet({ name: 'usgs', error: new Error('HTTP 503') })],
      outlets: [outlet],
    });
    const finished: TransferFinishedEvent[] = [];
    link.on('transferFinished', (event) => finished.push(event));

    const failure = await link.transfer().catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(TransferError);
    expect((failure as Error).message).toBe('Transfer quakes.0 of link "quakes-link" failed: inlet "usgs" threw: HTTP 503');
    expect((failure as TransferError).update).toBe('quakes.0');
    expect(finished[0].status).toBe('failed');
    expect(finished[0].error).toBe(failure);
    expect(outlet.batches).toHaveLength(0);
    const line = lines.find((entry) => entry.msg === 'transfer failed');
    expect(line).toMatchObject({ linkId: 'quakes-link', tags: ['quakes'], update: 'quakes.0', transferNumber: 0 });
  });

  it('goes on past each failing step with ignoreExceptions', async () => {
    const { logger, lines } = memoryLogger();
    const good = new CollectOutlet({ name: 'good' });
    const badOutlet = new CollectOutlet({ name: 'bad-outlet', error: new Error('disk full') });
    const link = makeLink({
      id: 'tolerant',
      logger,
      ignoreExceptions: true,
      inlets: [new ValueInlet({ name: 'broken', error: new Error('down') }), new ValueInlet({ name: 'ok', value: [1, 2] })],
      outlets: [good, badOutlet],
      processors: [function explode() { throw new Error('bad processor'); }],
      groupers: [async function split() { throw new Error('bad grouper'); }],
    });
    const failures: NodeFailedEvent[] = [];
    link.on('nodeFailed', (event) => failures.push(event));

    const result = await link.transfer();

    expect(result.status).toBe('ok');
    expect(failures.map((event) => [event.stage, event.nodeName])).toEqual([
      ['inlet', 'broken'],
      ['processor', 'explode'],
      ['grouper', 'split'],
      ['outlet', 'bad-outlet'],
    ]);
    expect(failures.every((event) => event.update?.toString() === '0')).toBe(true);
    expect(good.records.map((record) => record.payload)).toEqual([1, 2]);
    expect(result.recordsIn.map((entry) => entry.count)).toEqual([0, 2]);
    expect(result.recordsOut.map((entry) => entry.count)).toEqual([2, 0]);
    const errorLines = lines.filter((line) => line.level === 50);
    expect(errorLines).toHaveLength(4);
    expect(errorLines[0]).toMatchObject({ linkId: 'tolerant', update: '0', nodeName: 'broken', stage: 'inlet' });
    expect((errorLines[0].err as { stack: string }).stack).toContain('down');
  });

  it('names an outlet processor with its outlet', async () => {
    const outlet = new CollectOutlet({ name: 'csv', processors: [function trim() { throw new Error('x'); }] });
    const link = makeLink({ inlets: [new ValueInlet({ value: 1 })], outlets: [outlet] });

    await expect(link.transfer()).rejects.toThrow('processor "csv trim" threw: x');
  });

  it('waits for other inlets before failing', async () => {
    const slow = new ValueInlet({ value: 1, delayMs: 30 });
    const link = makeLink({ inlets: [new ValueInlet({ error: new Error('fast failure') }), slow], outlets: [] });

    await expect(link.transfer()).rejects.toThrow('fast failure');
    expect(slow.active).toBe(0);
    expect(link.running).toBe(false);
  });

  it('wraps a thrown non-error', async () => {
    const link = makeLink({ inlets: [new ValueInlet()], outlets: [], processors: [() => { throw 'text'; }] });

    await expect(link.transfer()).rejects.toThrow('Non-error value thrown: text');
  });
});

describe('events', () => {
  it('emits transferStarted and transferFinished with counts', async () => {
    const inlet = new ValueInlet({ value: [1, 2, 3] });
    const outlet = new CollectOutlet();
    const link = makeLink({ inlets: [inlet], outlets: [outlet], tags: 'e' });
    const startedEvents: TransferStartedEvent[] = [];
    const finished: TransferFinishedEvent[] = [];
    link.on('transferStarted', (event) => startedEvents.push(event));
    link.on('transferFinished', (event) => finished.push(event));

    const result = await link.transfer();

    expect(startedEvents).toHaveLength(1);
    expect(startedEvents[0].update.toString()).toBe('e.0');
    expect(startedEvents[0].scheduledAt).toBeUndefined();
    expect(finished[0]).toBe(result);
    expect(result).toMatchObject({ status: 'ok', recordsInTotal: 3, recordsOutTotal: 3 });
    expect(result.recordsIn).toEqual([{ inlet, count: 3 }]);
    expect(result.recordsOut).toEqual([{ outlet, count: 3 }]);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('logs transfers at debug with link id, tags and transfer number', async () => {
    const { logger, lines } = memoryLogger();
    await makeLink({ id: 'dbg', tags: ['a', 'b'], logger, inlets: [new ValueInlet({ value: 1 })], outlets: [] }).transfer();

    const finishedLine = lines.find((line) => line.msg === 'transfer finished');
    expect(finishedLine).toMatchObject({ level: 20, linkId: 'dbg', tags: ['a', 'b'], update: 'a.b.0', transferNumber: 0 });
    expect(lines.some((line) => line.msg === 'transfer started' && line.level === 20)).toBe(true);
  });

  it('survives a throwing listener', async () => {
    const { logger, lines } = memoryLogger();
    const outlet = new CollectOutlet();
    const link = makeLink({ id: 'listened', logger, inlets: [new ValueInlet({ value: 1 })], outlets: [outlet] });
    link.on('transferStarted', () => {
      throw new Error('listener bug');
    });

    const result = await link.transfer();

    expect(result.status).toBe('ok');
    expect(link.running).toBe(false);
    expect(outlet.records).toHaveLength(1);
    expect(lines.find((line) => line.level === 50)).toMatchObject({ linkId: 'listened', event: 'transferStarted' });
  });

  it('tracks running while a transfer is in progress', async () => {
    const link = makeLink({ inlets: [new ValueInlet({ value: 1, delayMs: 30 })], outlets: [] });

    const transfer = link.transfer();
    await sleep(5);
    expect(link.running).toBe(true);
    const idle = link.whenIdle();
    await transfer;
    await idle;
    expect(link.running).toBe(false);
  });
});
