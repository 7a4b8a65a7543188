import { describe, expect, it } from 'vitest';
import { DataRecord } from '../engine/record.js';
import { ProcessorErrorCode } from './errors.js';
import { mapProcessor } from './map.js';
import { quakeRecords, readQuakeFeed, stepContext, update, weatherRecords } from './test-support/example-data.js';

async function runMap(expression: string, records: DataRecord[]) {
  const step = await mapProcessor.create(mapProcessor.config.parse({ expression }), stepContext());
  return step.process(records, update());
}

describe('map processor', () => {
  it('reshapes earthquake features', async () => {
    const features = readQuakeFeed().features;

    const mapped = await runMap('{ "id": payload.id, "mag": payload.properties.mag, "place": payload.properties.place }', quakeRecords());

    expect(mapped).toHaveLength(1707);
    expect(mapped[0]!.payload).toEqual({ id: features[0]!.id, mag: features[0]!.properties.mag, place: features[0]!.properties.place });
    expect(mapped[1706]!.payload).toEqual({
      id: features[1706]!.id,
      mag: features[1706]!.properties.mag,
      place: features[1706]!.properties.place,
    });
  });

  it('keeps metadata in a copy', async () => {
    const records = weatherRecords();

    const mapped = await runMap('payload.temp_max - payload.temp_min', records);

    expect(mapped[0]!.payload as number).toBeCloseTo(12.8 - 5.0);
    expect(mapped[0]!.metadata).toEqual({ source: 'seattle-weather.csv' });
    expect(mapped[0]!.metadata).not.toBe(records[0]!.metadata);
    expect((records[0]!.payload as { temp_max: number }).temp_max).toBe(12.8);
  });

  it('rejects a result of nothing', async () => {
    const error = (await runMap('payload.no_such_field', weatherRecords()).catch((caught: unknown) => caught)) as Error;

    expect(error).toMatchObject({ code: ProcessorErrorCode.invalidResult });
    expect(error.message).toContain('returned nothing');
    expect(error.message).toContain('"date":"2012-01-01"');
  });

  it('names the record a runtime error came from', async () => {
    const error = (await runMap('payload.weather * 2', weatherRecords()).catch((caught: unknown) => caught)) as Error;

    expect(error).toMatchObject({ code: ProcessorErrorCode.expressionFailed });
    expect(error.message).toContain('"payload.weather * 2"');
    expect(error.message).toContain('"weather":"drizzle"');
    expect(error.message).toContain('code T2001');
  });

  it('reports the syntax error position', () => {
    expect(() => mapProcessor.create({ expression: '{ "a": payload.(' }, stepContext())).toThrow(/position 16/);
  });
});

describe('map results', () => {
  it('returns plain arrays without jsonata flags', async () => {
    const records = await runMap('{ "ids": payload.features[[0..2]].id }', [new DataRecord(readQuakeFeed())]);
    const ids = (records[0]!.payload as { ids: string[] }).ids;

    expect(ids).toHaveLength(3);
    expect(Object.keys(ids)).toEqual(['0', '1', '2']);
  });

  it('keeps a Date in the payload', async () => {
    const when = new Date('2026-01-01T00:00:00Z');

    const records = await runMap('payload', [new DataRecord({ when })]);

    expect((records[0]!.payload as { when: Date }).when).toBeInstanceOf(Date);
  });
});
