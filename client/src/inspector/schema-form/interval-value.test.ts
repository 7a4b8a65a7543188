import { describe, expect, it } from 'vitest';
import { checkInterval, intervalFromParts, intervalParts } from './interval-value';

describe('intervalParts', () => {
  it('shows milliseconds in the largest even unit', () => {
    expect(intervalParts(300_000)).toEqual({ amount: 5, unit: 'minutes' });
    expect(intervalParts(1_500)).toEqual({ amount: 1_500, unit: 'milliseconds' });
    expect(intervalParts(7_200_000)).toEqual({ amount: 2, unit: 'hours' });
  });

  it('reads a single-unit object', () => {
    expect(intervalParts({ seconds: 5 })).toEqual({ amount: 5, unit: 'seconds' });
  });

  it('returns null for several units', () => {
    expect(intervalParts({ minutes: 1, seconds: 30 })).toBeNull();
  });

  it('returns null for values that are no interval', () => {
    expect(intervalParts('5s')).toBeNull();
    expect(intervalParts({ weeks: 1 })).toBeNull();
  });
});

describe('intervalFromParts', () => {
  it('builds a unit object', () => {
    expect(intervalFromParts({ amount: 10, unit: 'minutes' })).toEqual({ minutes: 10 });
  });
});

describe('checkInterval', () => {
  it('returns milliseconds or the error', () => {
    expect(checkInterval({ minutes: 1, seconds: 30 })).toEqual({ ms: 90_000 });
    expect(checkInterval(0).error).toMatch(/positive/);
  });
});
