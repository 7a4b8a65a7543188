import { describe, expect, it } from 'vitest';
import { setMetadataProcessor } from './set-metadata.js';
import { readWeatherRows, stepContext, update, weatherRecords } from './test-support/example-data.js';

describe('set-metadata processor', () => {
  it('routes each weather row to a file per kind', async () => {
    const step = await setMetadataProcessor.create({ key: 'file', expression: 'payload.weather & ".csv"' }, stepContext());
    const expectedFiles = [...new Set(readWeatherRows().map((row) => `${row.weather}.csv`))];

    const records = await step.process(weatherRecords(), update());

    expect(records).toHaveLength(1461);
    expect(records[0]!.metadata).toEqual({ source: 'seattle-weather.csv', file: 'drizzle.csv' });
    expect([...new Set(records.map((record) => record.metadata.file))]).toEqual(expectedFiles);
    expect(expectedFiles).toHaveLength(5);
  });

  it('leaves the input records unchanged', async () => {
    const step = await setMetadataProcessor.create({ key: 'year', expression: '$substring(payload.date, 0, 4)' }, stepContext());
    const input = weatherRecords();

    const records = await step.process(input, update());

    expect(records[1460]!.metadata.year).toBe('2015');
    expect(input[1460]!.metadata).toEqual({ source: 'seattle-weather.csv' });
  });

  it('removes the key when the result is nothing', async () => {
    const step = await setMetadataProcessor.create({ key: 'source', expression: 'payload.no_such_field' }, stepContext());

    const records = await step.process(weatherRecords().slice(0, 2), update());

    expect(records[0]!.metadata).toEqual({});
  });

  it('names the record a runtime error came from', async () => {
    const step = await setMetadataProcessor.create({ key: 'k', expression: '$uppercase(payload.wind)' }, stepContext());

    await expect(step.process(weatherRecords(), update())).rejects.toThrow(/"\$uppercase\(payload.wind\)".*"date":"2012-01-01"/s);
  });
});
