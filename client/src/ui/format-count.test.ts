import { describe, expect, it } from 'vitest';
import { formatCount, formatRecordCount } from './format-count';

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1461)).toBe('1,461');
    expect(formatCount(300000)).toBe('300,000');
    expect(formatCount(12345678)).toBe('12,345,678');
  });
});

describe('formatRecordCount', () => {
  it('adds the noun in singular or plural', () => {
    expect(formatRecordCount(1)).toBe('1 record');
    expect(formatRecordCount(0)).toBe('0 records');
    expect(formatRecordCount(300000)).toBe('300,000 records');
  });
});
