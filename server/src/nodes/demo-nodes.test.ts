import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DataRecord } from '../engine/record.js';
import { Update } from '../engine/update.js';
import { ConsoleOutlet } from './console-outlet.js';
import { NullInlet } from './null-inlet.js';
import { NullOutlet } from './null-outlet.js';
import { RandomIntInlet } from './random-int-inlet.js';

const update = new Update(['demo'], 3);

describe('RandomIntInlet', () => {
  it('stays within inclusive bounds', () => {
    const inlet = new RandomIntInlet({ min: -2, max: 2, count: 2000 });

    const values = inlet.pull(update);

    expect(values).toHaveLength(2000);
    expect(values.every((value) => Number.isInteger(value) && value >= -2 && value <= 2)).toBe(true);
    expect(new Set(values)).toEqual(new Set([-2, -1, 0, 1, 2]));
  });

  it('defaults to one value from 0 to 100', () => {
    const inlet = new RandomIntInlet();

    const records = inlet.toRecords(inlet.pull(update));

    expect(records).toHaveLength(1);
    expect(records[0].payload).toBeGreaterThanOrEqual(0);
    expect(records[0].payload).toBeLessThanOrEqual(100);
  });

  it('returns min when min equals max', () => {
    expect(new RandomIntInlet({ min: 7, max: 7, count: 3 }).pull(update)).toEqual([7, 7, 7]);
  });

  it('rejects invalid bounds and counts', () => {
    expect(() => new RandomIntInlet({ min: 1.5 })).toThrow(/min=1.5/);
    expect(() => new RandomIntInlet({ min: 5, max: 4 })).toThrow(/max=4.*no smaller than min \(5\)/);
    expect(() => new RandomIntInlet({ max: Number.NaN })).toThrow(/max=NaN/);
    expect(() => new RandomIntInlet({ min: 0, max: 2 ** 50 })).toThrow(/max=.*2\^48/);
    expect(() => new RandomIntInlet({ count: 0 })).toThrow(/count=0/);
  });
});

describe('NullInlet and NullOutlet', () => {
  it('produce and keep nothing', () => {
    const inlet = new NullInlet();

    expect(inlet.toRecords(inlet.pull(update))).toEqual([]);
    expect(new NullOutlet().push([new DataRecord(1)], update)).toBeUndefined();
  });
});

describe('ConsoleOutlet', () => {
  it('prints update and payload per line', async () => {
    const writable = new PassThrough();
    let output = '';
    writable.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const outlet = new ConsoleOutlet({ writable });

    await outlet.push([new DataRecord('hello'), new DataRecord({ temp: 12.5 }), new DataRecord([1, 2])], update);

    expect(output).toBe('demo.3 hello\ndemo.3 {"temp":12.5}\ndemo.3 [1,2]\n');
  });

  it('prints a circular payload without failing', async () => {
    const writable = new PassThrough();
    let output = '';
    writable.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;

    await new ConsoleOutlet({ writable }).push([new DataRecord(circular)], update);

    expect(output).toMatch(/^demo\.3 .*name: 'loop'.*Circular/);
  });
});
