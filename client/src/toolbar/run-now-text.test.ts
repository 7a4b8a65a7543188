import { describe, expect, it } from 'vitest';
import { describeRunNow } from './run-now-text';

describe('describeRunNow', () => {
  it('no selection runs every link', () => {
    const text = describeRunNow(null);
    expect(text.label).toBe('Run now');
    expect(text.description).toBe('Run every link of the flow now');
  });

  it('labelled link is named', () => {
    const text = describeRunNow({ label: 'Rain days' });
    expect(text.label).toBe('Run "Rain days" now');
    expect(text.description).toBe('Run the selected link "Rain days" now');
  });

  it('label is trimmed', () => {
    expect(describeRunNow({ label: '  Rain days ' }).label).toBe('Run "Rain days" now');
  });

  it('unlabelled link gets neutral wording', () => {
    for (const link of [{}, { label: '' }, { label: '   ' }]) {
      const text = describeRunNow(link);
      expect(text.label, JSON.stringify(link)).toBe('Run selected link now');
      expect(text.description, JSON.stringify(link)).toBe('Run the selected link now');
    }
  });
});
