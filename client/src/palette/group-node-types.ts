import type { NodeKind, NodeTypeDescriptor } from '@databay-studio/shared';

export interface PaletteCategory {
  category: string;
  nodeTypes: NodeTypeDescriptor[];
}

export interface PaletteGroup {
  kind: NodeKind;
  title: string;
  categories: PaletteCategory[];
}

const KIND_TITLES: Record<NodeKind, string> = { inlet: 'Inlets', link: 'Links', outlet: 'Outlets' };

/** Kinds in palette order, which is also the order records flow through them. */
const PALETTE_KINDS: NodeKind[] = ['inlet', 'link', 'outlet'];

/**
 * Groups node types by kind (inlets, links, outlets, in that order), then by category, sorted by
 * category and label. A search text keeps the types whose label, id, category or description contain it.
 */
export function groupNodeTypes(nodeTypes: readonly NodeTypeDescriptor[], search = ''): PaletteGroup[] {
  const needle = search.trim().toLowerCase();
  const matching = needle
    ? nodeTypes.filter((nodeType) =>
        [nodeType.label, nodeType.id, nodeType.category, nodeType.description].some((text) => text?.toLowerCase().includes(needle)),
      )
    : nodeTypes;

  const groups: PaletteGroup[] = [];
  for (const kind of PALETTE_KINDS) {
    const byCategory = new Map<string, NodeTypeDescriptor[]>();
    for (const nodeType of matching) {
      if (nodeType.kind !== kind) continue;
      const category = nodeType.category || 'Other';
      byCategory.set(category, [...(byCategory.get(category) ?? []), nodeType]);
    }
    if (byCategory.size === 0) continue;

    const categories = [...byCategory.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([category, types]) => ({ category, nodeTypes: types.sort((a, b) => a.label.localeCompare(b.label)) }));
    groups.push({ kind, title: KIND_TITLES[kind], categories });
  }
  return groups;
}
