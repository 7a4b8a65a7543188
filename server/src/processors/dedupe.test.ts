import { describe, expect, it } from 'vitest';
import { DataRecord } from '../engine/record.js';
import { dedupeProcessor } from './dedupe.js';
import { ProcessorErrorCode } from './errors.js';
import { SqliteProcessorStateStore } from './state-store.js';
import { asQuakes, asWeather, makeTempFolder, quakeRecords, readWeatherRows, stepContext, update, weatherRecords } from './test-support/example-data.js';

describe('dedupe processor', () => {
  it('drops earthquakes seen in an earlier transfer', async () => {
    const step = await dedupeProcessor.create(dedupeProcessor.config.parse({ key: 'payload.id', window: 5000 }), stepContext());

    const first = await step.process(quakeRecords(), update(0));
    const second = await step.process(quakeRecords(), update(1));

    expect(first).toHaveLength(1707);
    expect(second).toHaveLength(0);
  });

  it('lets updated features through by id and time', async () => {
    const step = await dedupeProcessor.create({ key: '[payload.id, payload.properties.updated]', window: 5000 }, stepContext());
    const changed = quakeRecords().slice(0, 3);
    changed[1]!.payload.properties.updated = 1;

    await step.process(quakeRecords(), update(0));
    const kept = asQuakes(await step.process(changed, update(1)));

    expect(kept.map((record) => record.payload.id)).toEqual([changed[1]!.payload.id]);
  });

  it('keeps the first day of each weather kind', async () => {
    const rows = readWeatherRows();
    const firstDates = [...new Map(rows.reverse().map((row) => [row.weather, row.date])).values()].sort();
    const step = await dedupeProcessor.create({ key: 'payload.weather', window: 2000 }, stepContext());

    const kept = asWeather(await step.process(weatherRecords(), update()));

    expect(kept.map((record) => record.payload.date).sort()).toEqual(firstDates);
  });

  it('forgets keys older than the window', async () => {
    const step = await dedupeProcessor.create({ key: 'payload', window: 3 }, stepContext());
    const records = (values: number[]) => values.map((value) => new DataRecord(value));

    expect((await step.process(records([1, 2, 3, 1]), update(0))).map((record) => record.payload)).toEqual([1, 2, 3]);
    // The window is now 2, 3, 1. 4 is new and pushes 2 out, 1 is still in the window, and 2 is new again.
    expect((await step.process(records([4, 1, 2]), update(1))).map((record) => record.payload)).toEqual([4, 2]);
  });

  it('keeps its window across a restart', async () => {
    const temp = makeTempFolder();
    try {
      const path = `${temp.folder}/studio.db`;
      const firstStore = new SqliteProcessorStateStore({ database: path });
      const before = await dedupeProcessor.create({ key: 'payload.id', window: 5000 }, stepContext({ stateStore: firstStore }));
      await before.process(quakeRecords().slice(0, 1000), update(0));
      firstStore.close();

      const secondStore = new SqliteProcessorStateStore({ database: path });
      const after = await dedupeProcessor.create({ key: 'payload.id', window: 5000 }, stepContext({ stateStore: secondStore }));
      const kept = asQuakes(await after.process(quakeRecords(), update(1)));
      secondStore.close();

      expect(kept).toHaveLength(707);
      expect(kept[0]!.payload.id).toBe(quakeRecords()[1000]!.payload.id);
    } finally {
      temp.remove();
    }
  });

  it('rejects a key that gives nothing', async () => {
    const step = await dedupeProcessor.create({ key: 'payload.no_such_field', window: 10 }, stepContext());

    const error = (await Promise.resolve(step.process(weatherRecords(), update())).catch((caught: unknown) => caught)) as Error;

    expect(error).toMatchObject({ code: ProcessorErrorCode.invalidResult });
    expect(error.message).toContain('"payload.no_such_field" returned nothing');
    expect(error.message).toContain('"date":"2012-01-01"');
  });

  it('reports the syntax error position', () => {
    expect(() => dedupeProcessor.create({ key: 'payload.[id', window: 10 }, stepContext())).toThrow(/invalid JSONata in "key".*position/);
  });
});
