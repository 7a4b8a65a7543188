import type { CSSProperties } from 'react';
const KIND_ICONS: Record<string, string> = { inlet: '⇥', link: '⟳', outlet: '⇤', processor: '⚙', grouper: '▦' };

/** Glyph for a kind this client does not know yet. */
const UNKNOWN_KIND_ICON = '◆';

/** Glyphs for icon names that node types give as words instead of a symbol. */
const NAMED_ICONS: Record<string, string> = { link: '⟳', clock: '⏱', file: '📄', database: '🗄', web: '🌐' };

/**
 * Returns the glyph to show for a node type: its icon when that is a symbol or emoji, a glyph for
 * a known icon name such as `link`, else the glyph of its kind.
 */
export function nodeIcon(icon: string | undefined, kind: string): string {
  const kindIcon = KIND_ICONS[kind] ?? UNKNOWN_KIND_ICON;
  if (!icon) return kindIcon;
  if (/^[a-z][a-z0-9-]*$/i.test(icon)) return NAMED_ICONS[icon.toLowerCase()] ?? kindIcon;
  return icon;
}

/** Tints an icon with a node type's color: the color itself for the glyph, a light mix of it behind. */
export function accentStyle(color: string): CSSProperties {
  return { color, background: `color-mix(in srgb, ${color} 16%, transparent)` };
}
