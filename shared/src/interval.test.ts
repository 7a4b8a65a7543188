import { describe, expect, it } from 'vitest';
import { describeInterval, intervalToMs, InvalidIntervalError } from './interval.js';

describe('intervalToMs', () => {
  it('takes milliseconds as a number', () => {
    expect(intervalToMs(250)).toBe(250);
  });

  it('sums every unit of an object', () => {
    expect(intervalToMs({ days: 1, hours: 2, minutes: 3, seconds: 4, milliseconds: 5 })).toBe(
      86_400_000 + 2 * 3_600_000 + 3 * 60_000 + 4 * 1_000 + 5,
    );
  });

  it('accepts intervals past the setTimeout limit', () => {
    expect(intervalToMs({ days: 30 })).toBe(30 * 86_400_000);
  });

  it.each([
    [0, '0'],
    [-5, '-5'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
  ])('rejects %s naming the value', (value, shown) => {
    expect(() => intervalToMs(value)).toThrow(InvalidIntervalError);
    expect(() => intervalToMs(value)).toThrow(`Invalid interval ${shown}`);
  });

  it('rejects an empty object', () => {
    expect(() => intervalToMs({})).toThrow('Invalid interval {}: it must be a positive, finite duration, got 0 ms.');
  });

  it('rejects an unknown unit and lists the known ones', () => {
    const spec = { secs: 5 } as unknown as { seconds: number };
    expect(() => intervalToMs(spec)).toThrow('unknown unit "secs". Use days, hours, minutes, seconds, milliseconds.');
  });

  it('rejects a unit that is not a finite number', () => {
    const spec = { seconds: '5' } as unknown as { seconds: number };
    expect(() => intervalToMs(spec)).toThrow('"seconds" must be a finite number, got 5.');
    expect(() => intervalToMs({ minutes: Number.POSITIVE_INFINITY })).toThrow('"minutes" must be a finite number');
  });

  it('rejects a value that is neither number nor object', () => {
    expect(() => intervalToMs('5s' as unknown as number)).toThrow('Invalid interval 5s: pass milliseconds as a number');
  });
});

describe('describeInterval', () => {
  it('names each unit present', () => {
    expect(describeInterval(5_000)).toBe('every 5 s');
    expect(describeInterval(90 * 60_000)).toBe('every 1 h 30 min');
    expect(describeInterval(86_400_000 + 250)).toBe('every 1 d 250 ms');
  });
});
