import { describe, expect, it } from 'vitest';
import { checkConnection } from './connection.js';

describe('checkConnection', () => {
  it('allows inlet to link and link to outlet', () => {
    expect(checkConnection('inlet', 'link')).toBeNull();
    expect(checkConnection('link', 'outlet')).toBeNull();
  });

  it.each([
    ['inlet', 'outlet', 'connect the inlet to a link'],
    ['outlet', 'link', 'An outlet is where records end'],
    ['outlet', 'inlet', 'An outlet is where records end'],
    ['link', 'inlet', 'An inlet produces records and takes no input'],
    ['inlet', 'inlet', 'An inlet produces records and takes no input'],
    ['link', 'link', 'Links cannot be chained'],
    ['outlet', 'outlet', 'An outlet is where records end'],
  ] as const)('rejects %s to %s with a hint', (source, target, hint) => {
    expect(checkConnection(source, target)).toContain(hint);
  });
});
