import { describe, expect, it } from 'vitest';
import { nodeIcon } from './node-icon';

describe('nodeIcon', () => {
  it('keeps symbols and maps names', () => {
    expect(nodeIcon('🌐', 'inlet')).toBe('🌐');
    expect(nodeIcon('∅', 'outlet')).toBe('∅');
    expect(nodeIcon('link', 'link')).toBe('⟳');
  });

  it('falls back to the kind glyph', () => {
    expect(nodeIcon(undefined, 'inlet')).toBe('⇥');
    expect(nodeIcon('unknown-name', 'outlet')).toBe('⇤');
  });
});
