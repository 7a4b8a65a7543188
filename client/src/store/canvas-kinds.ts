import type { NodeKind } from '@databay-studio/shared';

/** Kinds of node types that become nodes on the canvas; other kinds (processors, groupers) are steps inside a config. */
export const CANVAS_KINDS: readonly NodeKind[] = ['inlet', 'link', 'outlet'];

export function isCanvasKind(kind: string): kind is NodeKind {
  return (CANVAS_KINDS as readonly string[]).includes(kind);
}
