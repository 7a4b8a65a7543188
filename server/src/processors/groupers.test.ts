import { describe, expect, it } from 'vitest';
import { batchGrouper } from './batch.js';
import { groupByGrouper } from './group-by.js';
import { asQuakes, asWeather, quakeRecords, readWeatherRows, stepContext, update, weatherRecords } from './test-support/example-data.js';

describe('batch grouper', () => {
  it('cuts the weather rows into batches of 500', async () => {
    const grouper = await batchGrouper.create({ size: 500 }, stepContext({ list: 'groupers' }));
    const records = weatherRecords();

    const batches = await grouper.group([records], update());

    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 461]);
    expect(batches.flat()).toEqual(records);
  });

  it('cuts each incoming batch on its own', async () => {
    const grouper = await batchGrouper.create({ size: 1000 }, stepContext({ list: 'groupers' }));

    const batches = await grouper.group([weatherRecords(), quakeRecords()], update());

    expect(batches.map((batch) => batch.length)).toEqual([1000, 461, 1000, 707]);
  });

  it('rejects a size below 1', () => {
    expect(batchGrouper.config.safeParse({ size: 0 }).success).toBe(false);
  });
});

describe('group-by grouper', () => {
  it('makes one batch per weather kind in first-seen order', async () => {
    const rows = readWeatherRows();
    const kinds = [...new Set(rows.map((row) => row.weather))];
    const grouper = await groupByGrouper.create({ key: 'payload.weather' }, stepContext({ list: 'groupers' }));

    const batches = (await grouper.group([weatherRecords()], update())).map(asWeather);

    expect(batches.map((batch) => batch[0]!.payload.weather)).toEqual(kinds);
    for (const [index, kind] of kinds.entries()) {
      expect(batches[index]!.map((record) => record.payload.date)).toEqual(
        rows.filter((row) => row.weather === kind).map((row) => row.date),
      );
    }
  });

  it('groups earthquakes by event type', async () => {
    const records = quakeRecords();
    const counts = new Map<string, number>();
    for (const record of records) counts.set(record.payload.properties.type, (counts.get(record.payload.properties.type) ?? 0) + 1);
    const grouper = await groupByGrouper.create({ key: 'payload.properties.type' }, stepContext({ list: 'groupers' }));

    const batches = (await grouper.group([records], update())).map(asQuakes);

    expect(batches.map((batch) => [batch[0]!.payload.properties.type, batch.length])).toEqual([...counts.entries()]);
  });

  it('groups by a computed key', async () => {
    const rows = readWeatherRows();
    const years = [...new Set(rows.map((row) => row.date.slice(0, 4)))];
    const grouper = await groupByGrouper.create({ key: '$substring(payload.date, 0, 4)' }, stepContext({ list: 'groupers' }));

    const batches = await grouper.group([weatherRecords()], update());

    expect(batches).toHaveLength(years.length);
    expect(batches.map((batch) => batch.length)).toEqual(years.map((year) => rows.filter((row) => row.date.startsWith(year)).length));
  });

  it('puts records without the key in one batch', async () => {
    const grouper = await groupByGrouper.create({ key: 'payload.no_such_field' }, stepContext({ list: 'groupers' }));

    const batches = await grouper.group([weatherRecords()], update());

    expect(batches.map((batch) => batch.length)).toEqual([1461]);
  });

  it('names the record a runtime error came from', async () => {
    const grouper = await groupByGrouper.create({ key: 'payload.weather - 1' }, stepContext({ list: 'groupers' }));

    await expect(grouper.group([weatherRecords()], update())).rejects.toThrow(/group-by: "key" expression "payload.weather - 1" failed.*"date":"2012-01-01"/);
  });

  it('reports the syntax error position', () => {
    expect(() => groupByGrouper.create({ key: 'payload.weather =' }, stepContext())).toThrow(/code S0207, position 17/);
  });
});
