import type { SliceCreator } from './slice';

/** Which node the inspector shows, and a request for the canvas to center on a node. */
export interface SelectionSlice {
  selectedNodeId: string | null;
  /** Set when something outside the canvas asks it to center a node; the nonce makes repeats distinct. */
  focusRequest: { nodeId: string; nonce: number } | null;

  selectNode: (nodeId: string | null, opts?: { focus?: boolean }) => void;
}

export const createSelectionSlice: SliceCreator<SelectionSlice> = (set, get) => ({
  selectedNodeId: null,
  focusRequest: null,

  selectNode: (nodeId, opts) => {
    const { nodes, focusRequest } = get();
    if (nodeId !== null && !nodes.some((node) => node.id === nodeId)) return;

    // Only nodes whose flag changes get a new object, so the other node components skip rendering.
    const nextNodes = nodes.map((node) => {
      const isSelected = node.id === nodeId;
      return Boolean(node.selected) === isSelected ? node : { ...node, selected: isSelected };
    });
    const nextFocus =
      opts?.focus && nodeId ? { nodeId, nonce: (focusRequest?.nonce ?? 0) + 1 } : focusRequest;

    set({ nodes: nextNodes, selectedNodeId: nodeId, focusRequest: nextFocus });
  },
});
