import { describe, expect, it } from 'vitest';
import { describeIntervalConfig, formatCountdown, formatDuration, formatRecordCounts } from './link-summary';

describe('describeIntervalConfig', () => {
  it('describes valid intervals and flags invalid ones', () => {
    expect(describeIntervalConfig({ minutes: 1, seconds: 30 })).toEqual({ text: 'every 1 min 30 s', isValid: true });
    expect(describeIntervalConfig(250)).toEqual({ text: 'every 250 ms', isValid: true });
    expect(describeIntervalConfig(-1).isValid).toBe(false);
    expect(describeIntervalConfig(undefined).isValid).toBe(false);
  });
});

describe('formatCountdown', () => {
  const now = Date.parse('2026-01-01T00:00:00.000Z');

  it('counts seconds, minutes and hours', () => {
    expect(formatCountdown('2026-01-01T00:00:04.200Z', now)).toBe('in 5 s');
    expect(formatCountdown('2026-01-01T00:02:05.000Z', now)).toBe('in 2 min 5 s');
    expect(formatCountdown('2026-01-01T03:10:00.000Z', now)).toBe('in 3 h 10 min');
  });

  it('says due now for a past time and null for no time', () => {
    expect(formatCountdown('2025-12-31T23:59:59.000Z', now)).toBe('due now');
    expect(formatCountdown('later', now)).toBeNull();
  });
});

describe('formatDuration', () => {
  it('picks ms, s or min', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(2_400)).toBe('2.4 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});

describe('formatRecordCounts', () => {
  it('shows one count when nothing was dropped', () => {
    expect(formatRecordCounts(1461, 1461)).toBe('1,461 records');
    expect(formatRecordCounts(1, undefined)).toBe('1 record');
  });

  it('shows both counts when processors changed them', () => {
    expect(formatRecordCounts(1461, 641)).toBe('1,461 in → 641 out');
  });

  it('shows nothing without counts', () => {
    expect(formatRecordCounts(undefined, undefined)).toBeNull();
  });
});
