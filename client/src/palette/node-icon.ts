import type { NodeKind } from '@databay-studio/shared';

const KIND_ICONS: Record<NodeKind, string> = { inlet: '⇥', link: '⟳', outlet: '⇤' };

/** Glyphs for icon names that node types give as words instead of a symbol. */
const NAMED_ICONS: Record<string, string> = { link: '⟳', clock: '⏱', file: '📄', database: '🗄', web: '🌐' };

/**
 * Returns the glyph to show for a node type: its icon when that is a symbol or emoji, a glyph for
 * a known icon name such as `link`, else the glyph of its kind.
 */
export function nodeIcon(icon: string | undefined, kind: NodeKind): string {
  if (!icon) return KIND_ICONS[kind];
  if (/^[a-z][a-z0-9-]*$/i.test(icon)) return NAMED_ICONS[icon.toLowerCase()] ?? KIND_ICONS[kind];
  return icon;
}
