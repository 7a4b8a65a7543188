import { describe, expect, it } from 'vitest';
import { bufferConfigSchema, bufferProcessor, RecordBuffer } from './buffer.js';
import { drainProcessors } from './build-steps.js';
import { mapProcessor } from './map.js';
import { MemoryProcessorStateStore, processorStateKey, SqliteProcessorStateStore } from './state-store.js';
import { asQuakes, asWeather, makeTempFolder, quakeRecords, stepContext, update, weatherRecords } from './test-support/example-data.js';

/** Makes a clock that the test moves by hand, in epoch milliseconds. */
function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('buffer by count', () => {
  it('releases once the count is reached', () => {
    const buffer = new RecordBuffer({ countThreshold: 1000, mode: 'any' });
    const records = weatherRecords();

    expect(buffer.process(records.slice(0, 400))).toEqual([]);
    expect(buffer.process(records.slice(400, 800))).toEqual([]);
    const released = buffer.process(records.slice(800, 1200));

    expect(released).toHaveLength(1200);
    expect(released.map((record) => record.payload)).toEqual(records.slice(0, 1200).map((record) => record.payload));
    expect(buffer.size).toBe(0);
  });

  it('holds again after a release', () => {
    const buffer = new RecordBuffer({ countThreshold: 500, mode: 'any' });
    const records = weatherRecords();

    expect(buffer.process(records.slice(0, 600))).toHaveLength(600);
    expect(buffer.process(records.slice(600, 700))).toEqual([]);
    expect(buffer.size).toBe(100);
  });
});

describe('buffer by time', () => {
  it('releases when the oldest record is old enough', () => {
    const clock = manualClock();
    const buffer = new RecordBuffer({ timeThreshold: 60_000, mode: 'any', now: clock.now });
    const records = quakeRecords();

    expect(buffer.process(records.slice(0, 10))).toEqual([]);
    clock.advance(30_000);
    expect(buffer.process(records.slice(10, 20))).toEqual([]);
    clock.advance(29_999);
    expect(buffer.process([])).toEqual([]);
    clock.advance(1);

    const released = asQuakes(buffer.process(records.slice(20, 25)));

    expect(released.map((record) => record.payload.id)).toEqual(records.slice(0, 25).map((record) => record.payload.id));
  });

  it('does not release an empty buffer', () => {
    const clock = manualClock();
    const buffer = new RecordBuffer({ timeThreshold: 1000, mode: 'any', now: clock.now });

    clock.advance(5000);

    expect(buffer.process([])).toEqual([]);
    expect(buffer.isReleaseDue()).toBe(false);
  });
});

describe('buffer in all mode', () => {
  it('waits for both thresholds', () => {
    const clock = manualClock();
    const buffer = new RecordBuffer({ countThreshold: 100, timeThreshold: 10_000, mode: 'all', now: clock.now });
    const records = weatherRecords();

    // Count reached, time not.
    expect(buffer.process(records.slice(0, 150))).toEqual([]);
    clock.advance(10_000);
    // Both reached now.
    expect(buffer.process([])).toHaveLength(150);

    // Time reached, count not.
    buffer.process(records.slice(150, 160));
    clock.advance(20_000);
    expect(buffer.process([])).toEqual([]);
    expect(buffer.process(records.slice(160, 250))).toHaveLength(100);
  });

  it('lets either threshold release in any mode', () => {
    const clock = manualClock();
    const buffer = new RecordBuffer({ countThreshold: 100, timeThreshold: 10_000, mode: 'any', now: clock.now });

    buffer.process(weatherRecords().slice(0, 5));
    clock.advance(10_000);

    expect(buffer.process([])).toHaveLength(5);
  });
});

describe('buffer config', () => {
  it('needs at least one threshold', () => {
    const result = bufferConfigSchema.safeParse({ mode: 'all' });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain('countThreshold, timeThreshold or both');
  });

  it('defaults to any mode', () => {
    expect(bufferConfigSchema.parse({ countThreshold: 5 })).toEqual({ countThreshold: 5, mode: 'any' });
  });

  it('rejects a negative time and a fractional count', () => {
    expect(bufferConfigSchema.safeParse({ timeThreshold: -5 }).success).toBe(false);
    expect(bufferConfigSchema.safeParse({ countThreshold: 2.5 }).success).toBe(false);
  });
});

describe('buffer flush', () => {
  it('releases everything held on shutdown', async () => {
    const step = await bufferProcessor.create({ countThreshold: 5000, mode: 'any' }, stepContext());
    const records = quakeRecords();

    expect(await step.process(records, update(0))).toEqual([]);
    const flushed = await step.flush!();

    expect(flushed).toHaveLength(1707);
    expect(await step.flush!()).toEqual([]);
  });

  it('runs flushed records through later steps', async () => {
    const context = stepContext();
    const buffer = await bufferProcessor.create({ countThreshold: 5000, mode: 'any' }, context);
    const map = await mapProcessor.create({ expression: 'payload.properties.mag' }, { ...context, stepIndex: 1 });
    const records = quakeRecords();
    await buffer.process(records.slice(0, 20), update(0));

    const drained = await drainProcessors([buffer, map], update(1));

    expect(drained.map((record) => record.payload)).toEqual(records.slice(0, 20).map((record) => record.payload.properties.mag));
  });

  it('flushes a buffer that follows another buffer', async () => {
    const first = await bufferProcessor.create({ countThreshold: 5000, mode: 'any' }, stepContext());
    const second = await bufferProcessor.create({ countThreshold: 5000, mode: 'any' }, stepContext({ stepIndex: 1 }));
    const records = weatherRecords();
    await second.process(records.slice(0, 3), update(0));
    await first.process(records.slice(3, 5), update(0));

    const drained = asWeather(await drainProcessors([first, second], update(1)));

    expect(drained.map((record) => record.payload.date)).toEqual(records.slice(0, 5).map((record) => record.payload.date));
  });
});

describe('buffer restart', () => {
  it('holds the records again after a crash', async () => {
    const temp = makeTempFolder();
    try {
      const path = `${temp.folder}/studio.db`;
      const clock = manualClock();
      const context = stepContext({ now: clock.now });
      const records = weatherRecords();

      // The first studio process takes 300 records and dies without flushing.
      const firstStore = new SqliteProcessorStateStore({ database: path });
      const before = await bufferProcessor.create({ countThreshold: 500, timeThreshold: 60_000, mode: 'any' }, { ...context, stateStore: firstStore });
      await before.process(records.slice(0, 300), update(0));
      firstStore.close();

      // The next one loads them and releases them with new ones once the count is reached.
      const secondStore = new SqliteProcessorStateStore({ database: path });
      const after = await bufferProcessor.create({ countThreshold: 500, timeThreshold: 60_000, mode: 'any' }, { ...context, stateStore: secondStore });
      expect(await after.process(records.slice(300, 400), update(0))).toEqual([]);
      const released = await after.process(records.slice(400, 500), update(1));

      expect(released.map((record) => record.payload)).toEqual(records.slice(0, 500).map((record) => record.payload));
      expect(released[0]!.metadata).toEqual({ source: 'seattle-weather.csv' });
      expect(secondStore.load(processorStateKey(context))).toBeUndefined();
      secondStore.close();
    } finally {
      temp.remove();
    }
  });

  it('keeps undelivered records for the next start', () => {
    const store = new MemoryProcessorStateStore();
    const options = { countThreshold: 100, mode: 'any' as const, store, storeKey: 'flow/link/node/processors/0' };
    const records = weatherRecords();
    const stopping = new RecordBuffer(options);
    stopping.process(records.slice(0, 5));

    const flushed = stopping.flush();
    expect(store.load(options.storeKey)).toBeUndefined();
    stopping.restore(flushed.slice(2));
    const restarted = new RecordBuffer(options);

    expect(restarted.size).toBe(3);
    expect(restarted.flush().map((record) => record.payload)).toEqual(records.slice(2, 5).map((record) => record.payload));
  });

  it('puts restored records before newer ones', () => {
    const buffer = new RecordBuffer({ countThreshold: 100, mode: 'any' });
    const records = weatherRecords();
    buffer.process(records.slice(0, 2));
    const flushed = buffer.flush();
    buffer.process(records.slice(2, 3));

    buffer.restore(flushed);

    expect(buffer.flush().map((record) => record.payload)).toEqual(records.slice(0, 3).map((record) => record.payload));
  });

  it('keeps the age of restored records', () => {
    const store = new MemoryProcessorStateStore();
    const clock = manualClock();
    const options = { timeThreshold: 60_000, mode: 'any' as const, store, storeKey: 'flow/link/node/processors/0', now: clock.now };

    new RecordBuffer(options).process(weatherRecords().slice(0, 2));
    clock.advance(60_000);
    const restarted = new RecordBuffer(options);

    expect(restarted.size).toBe(2);
    expect(restarted.process([])).toHaveLength(2);
  });

  it('keeps buffers of different steps apart', async () => {
    const store = new MemoryProcessorStateStore();
    const config = { countThreshold: 100, mode: 'any' as const };
    const linkBuffer = await bufferProcessor.create(config, stepContext({ stateStore: store }));
    const outletBuffer = await bufferProcessor.create(config, stepContext({ stateStore: store, nodeId: 'outlet-1' }));

    await linkBuffer.process(weatherRecords().slice(0, 3), update());
    await outletBuffer.process(weatherRecords().slice(0, 7), update());

    expect(store.keys('flow-test/')).toEqual(['flow-test/link-test/link-test/processors/0', 'flow-test/link-test/outlet-1/processors/0']);
    expect(await linkBuffer.flush!()).toHaveLength(3);
    expect(await outletBuffer.flush!()).toHaveLength(7);
    expect(store.keys('flow-test/')).toEqual([]);
  });
});
