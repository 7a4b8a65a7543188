import type { NodeKind } from './flow.js';

/** Returns null when an edge from `source` to `target` is allowed, else a hint that says what to connect instead. */
export function checkConnection(source: NodeKind, target: NodeKind): string | null {
  if (source === 'inlet' && target === 'link') return null;
  if (source === 'link' && target === 'outlet') return null;

  if (source === 'inlet' && target === 'outlet') {
    return 'An inlet cannot feed an outlet directly: connect the inlet to a link, then the link to the outlet.';
  }
  if (source === 'outlet') {
    return 'An outlet is where records end: connect a link to the outlet, not the outlet to something.';
  }
  if (target === 'inlet') {
    return 'An inlet produces records and takes no input: connect it to a link instead.';
  }
  if (source === 'link' && target === 'link') {
    return 'Links cannot be chained: connect the link to an outlet.';
  }
  return `A ${source} cannot connect to a ${target}: wire inlet -> link -> outlet.`;
}
