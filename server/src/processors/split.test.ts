import { describe, expect, it } from 'vitest';
import { DataRecord } from '../engine/record.js';
import { ProcessorErrorCode } from './errors.js';
import { splitProcessor } from './split.js';
import { readQuakeFeed, stepContext, update } from './test-support/example-data.js';

describe('split processor', () => {
  it('makes one record per earthquake feature', async () => {
    const feed = readQuakeFeed();
    const step = await splitProcessor.create(splitProcessor.config.parse({ path: 'features' }), stepContext());

    const records = await step.process([new DataRecord(feed, { source: 'usgs' })], update());

    expect(records).toHaveLength(1707);
    expect(records[0]!.payload).toEqual(feed.features[0]);
    expect(records[1706]!.payload).toEqual(feed.features[1706]);
    expect(records[0]!.metadata).toEqual({ source: 'usgs' });
    expect(records[0]!.metadata).not.toBe(records[1]!.metadata);
  });

  it('reads a nested path and an array payload', async () => {
    const nested = await splitProcessor.create({ path: 'data.items' }, stepContext());
    const whole = await splitProcessor.create(splitProcessor.config.parse({}), stepContext());

    expect(await nested.process([new DataRecord({ data: { items: [1, 2, 3] } })], update())).toHaveLength(3);
    expect((await whole.process([new DataRecord(['a', 'b'])], update())).map((record) => record.payload)).toEqual(['a', 'b']);
  });

  it('rejects a value that is not an array', async () => {
    const step = await splitProcessor.create({ path: 'metadata' }, stepContext());

    const error = (await Promise.resolve()
      .then(() => step.process([new DataRecord(readQuakeFeed())], update()))
      .catch((caught: unknown) => caught)) as Error;

    expect(error).toMatchObject({ code: ProcessorErrorCode.invalidResult });
    expect(error.message).toContain('The value at "metadata" is {"generated":1517968154000');
    expect(error.message).toContain('not an array');
    expect(error.message).toContain('(cut at 200 characters)');
  });
});
