import { describe, expect, it } from 'vitest';
import { buildPreviewTable, flattenPayload, formatCell, formatMetadata, MAX_PREVIEW_COLUMNS, VALUE_COLUMN } from './preview-table';

describe('flattenPayload', () => {
  it('joins nested keys with dots', () => {
    expect(flattenPayload({ id: 'a', properties: { mag: 2.5, place: { name: 'x' } } })).toEqual({
      id: 'a',
      'properties.mag': 2.5,
      'properties.place.name': 'x',
    });
  });

  it('keeps arrays, nulls and empty objects as one cell', () => {
    expect(flattenPayload({ coordinates: [1, 2], none: null, empty: {} })).toEqual({ coordinates: [1, 2], none: null, empty: {} });
  });

  it('puts a payload that is not an object in one column', () => {
    expect(flattenPayload('a line')).toEqual({ [VALUE_COLUMN]: 'a line' });
    expect(flattenPayload([1, 2])).toEqual({ [VALUE_COLUMN]: [1, 2] });
    expect(flattenPayload(null)).toEqual({ [VALUE_COLUMN]: null });
  });
});

describe('buildPreviewTable', () => {
  it('orders columns by first appearance across records', () => {
    const table = buildPreviewTable([
      { payload: { date: '2012-01-02', rain_mm: 10.9 }, metadata: {} },
      { payload: { date: '2012-01-03', wind: 2.3 }, metadata: {} },
    ]);
    expect(table.columns).toEqual(['date', 'rain_mm', 'wind']);
    expect(table.rows[1]).toEqual({ date: '2012-01-03', wind: 2.3 });
    expect(table.hiddenColumns).toBe(0);
  });

  it('caps the number of columns', () => {
    const payload = Object.fromEntries(Array.from({ length: MAX_PREVIEW_COLUMNS + 5 }, (_, index) => [`c${index}`, index]));
    const table = buildPreviewTable([{ payload, metadata: {} }]);
    expect(table.columns).toHaveLength(MAX_PREVIEW_COLUMNS);
    expect(table.hiddenColumns).toBe(5);
  });

  it('has no columns without records', () => {
    expect(buildPreviewTable([])).toEqual({ columns: [], rows: [], hiddenColumns: 0 });
  });
});

describe('formatCell', () => {
  it('shows strings as they are and other values as JSON', () => {
    expect(formatCell('rain')).toBe('rain');
    expect(formatCell(10.9)).toBe('10.9');
    expect(formatCell(null)).toBe('null');
    expect(formatCell(undefined)).toBe('');
    expect(formatCell([1, 'a'])).toBe('[1,"a"]');
  });
});

describe('formatMetadata', () => {
  it('lists keys and values', () => {
    expect(formatMetadata({ file: 'a.csv', line: 3 })).toBe('file=a.csv, line=3');
    expect(formatMetadata({})).toBe('');
    expect(formatMetadata(undefined)).toBe('');
  });
});
