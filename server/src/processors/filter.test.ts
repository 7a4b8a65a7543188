import { describe, expect, it } from 'vitest';
import { ProcessorErrorCode } from './errors.js';
import { filterProcessor } from './filter.js';
import type { DataRecord } from '../engine/record.js';
import { asQuakes, asWeather, quakeRecords, readWeatherRows, stepContext, update, weatherRecords } from './test-support/example-data.js';

async function runFilter(expression: string, records: DataRecord[] = weatherRecords()) {
  const step = await filterProcessor.create(filterProcessor.config.parse({ expression }), stepContext());
  return asWeather(await step.process(records, update()));
}

describe('filter processor', () => {
  it('keeps rainy Seattle days', async () => {
    const expected = readWeatherRows().filter((row) => row.weather === 'rain');

    const kept = await runFilter('payload.weather = "rain"');

    expect(kept).toHaveLength(expected.length);
    expect(kept.map((record) => record.payload)).toEqual(expected);
  });

  it('combines conditions on numbers', async () => {
    const expected = readWeatherRows().filter((row) => row.temp_max > 30 && row.precipitation === 0);

    const kept = await runFilter('payload.temp_max > 30 and payload.precipitation = 0');

    expect(expected.length).toBeGreaterThan(0);
    expect(kept.map((record) => record.payload.date)).toEqual(expected.map((row) => row.date));
  });

  it('reads metadata', async () => {
    expect(await runFilter('metadata.source = "seattle-weather.csv"')).toHaveLength(1461);
    expect(await runFilter('metadata.source = "elsewhere"')).toHaveLength(0);
  });

  it('keeps strong earthquakes', async () => {
    const records = quakeRecords();
    const expected = records.filter((record) => (record.payload.properties.mag ?? 0) >= 4.5).length;

    const kept = asQuakes(await runFilter('payload.properties.mag >= 4.5', records));

    expect(kept).toHaveLength(expected);
    expect(kept.every((record) => record.payload.properties.mag! >= 4.5)).toBe(true);
  });

  it('drops records where the path is missing', async () => {
    expect(await runFilter('payload.no_such_field')).toHaveLength(0);
  });

  it('rejects a result that is not a boolean', async () => {
    const error = await runFilter('payload.wind').catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: ProcessorErrorCode.invalidResult });
    expect((error as Error).message).toContain('returned 4.7 instead of true or false');
    expect((error as Error).message).toContain('"date":"2012-01-01"');
  });

  it('reports the syntax error position', async () => {
    const create = () => filterProcessor.create({ expression: 'payload.temp_max >' }, stepContext());

    expect(create).toThrow(/invalid JSONata in "expression"/);
    expect(create).toThrow(/code S0207, position 18, token "\(end\)"/);
  });

  it('names the record a runtime error came from', async () => {
    const error = (await runFilter('$number(payload.weather) > 1').catch((caught: unknown) => caught)) as Error;

    expect(error).toMatchObject({ code: ProcessorErrorCode.expressionFailed });
    expect(error.message).toContain('"$number(payload.weather) > 1"');
    expect(error.message).toContain('{"date":"2012-01-01","precipitation":0,"temp_max":12.8');
    expect(error.message).toContain('Unable to cast value to a number');
    expect(error.message).toContain('code D3030');
  });

  it('cuts a long payload in the error', async () => {
    const error = (await runFilter('payload.properties + 1', quakeRecords()).catch((caught: unknown) => caught)) as Error;

    expect(error.message).toContain('(cut at 200 characters)');
    expect(error.message).toContain('"payload.properties + 1"');
    expect(error.message.length).toBeLessThan(600);
  });
});
