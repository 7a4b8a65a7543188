import { describe, expect, it } from 'vitest';
import { formatStepChip, STEP_SUMMARY_LENGTH, stepChips, summarizeStep } from './step-summary';

describe('summarizeStep', () => {
  it('shows the expression of a filter', () => {
    const chip = summarizeStep({ type: 'filter', config: { expression: 'payload.weather = "rain"' } });
    expect(chip).toEqual({ type: 'filter', summary: 'payload.weather = "rain"' });
    expect(formatStepChip(chip)).toBe('filter: payload.weather = "rain"');
  });

  it('joins key and expression of set-metadata', () => {
    expect(summarizeStep({ type: 'set-metadata', config: { key: 'file', expression: 'payload.year' } }).summary).toBe('file = payload.year');
  });

  it('names the payload for a split without a path', () => {
    expect(summarizeStep({ type: 'split', config: { path: '' } }).summary).toBe('payload');
    expect(summarizeStep({ type: 'split', config: { path: 'features' } }).summary).toBe('features');
  });

  it('lists buffer thresholds with the mode word', () => {
    expect(summarizeStep({ type: 'buffer', config: { countThreshold: 100, timeThreshold: 5000, mode: 'any' } }).summary).toBe(
      'until 100 records or 5000 ms',
    );
    expect(summarizeStep({ type: 'buffer', config: { countThreshold: 100, timeThreshold: 5000, mode: 'all' } }).summary).toBe(
      'until 100 records and 5000 ms',
    );
    expect(summarizeStep({ type: 'buffer', config: {} }).summary).toBe('');
  });

  it('describes dedupe, batch and group-by', () => {
    expect(summarizeStep({ type: 'dedupe', config: { key: 'payload.id', window: 50 } }).summary).toBe('payload.id, window 50');
    expect(summarizeStep({ type: 'batch', config: { size: 10 } }).summary).toBe('size 10');
    expect(summarizeStep({ type: 'group-by', config: { key: 'payload.station' } }).summary).toBe('payload.station');
  });

  it('lists scalar options of an unknown type', () => {
    expect(summarizeStep({ type: 'plugin-step', config: { level: 3, name: 'x', nested: { a: 1 } } }).summary).toBe('level=3, name=x');
  });

  it('shortens long expressions to one line', () => {
    const expression = '{\n  "date": payload.date,\n  "rain_mm": $number(payload.precipitation)\n}';
    const { summary } = summarizeStep({ type: 'map', config: { expression } });
    expect(summary.length).toBeLessThanOrEqual(STEP_SUMMARY_LENGTH);
    expect(summary.endsWith('…')).toBe(true);
    expect(summary).not.toContain('\n');
    expect(summary.startsWith('{ "date": payload.date,')).toBe(true);
  });

  it('marks a step without a type', () => {
    expect(summarizeStep({ config: {} })).toEqual({ type: '?', summary: '' });
    expect(formatStepChip(summarizeStep(null))).toBe('?');
  });
});

describe('stepChips', () => {
  it('keeps the list order', () => {
    const chips = stepChips([
      { type: 'filter', config: { expression: 'a' } },
      { type: 'map', config: { expression: 'b' } },
    ]);
    expect(chips.map(formatStepChip)).toEqual(['filter: a', 'map: b']);
  });

  it('returns no chips for a missing list', () => {
    expect(stepChips(undefined)).toEqual([]);
    expect(stepChips({ type: 'filter' })).toEqual([]);
  });
});
