import type { NodeTypeDescriptor, NodeTypeProblem, NodeTypesResponse } from '@databay-studio/shared';
import type { SliceCreator } from './slice';

/** The node types the server offers, and the plugins that failed to load. */
export interface PaletteSlice {
  nodeTypes: NodeTypeDescriptor[];
  nodeTypeLookup: Record<string, NodeTypeDescriptor>;
  nodeTypeProblems: NodeTypeProblem[];
  isProblemsBannerDismissed: boolean;

  setNodeTypes: (response: NodeTypesResponse) => void;
  dismissProblemsBanner: () => void;
}

export const createPaletteSlice: SliceCreator<PaletteSlice> = (set, get) => ({
  nodeTypes: [],
  nodeTypeLookup: {},
  nodeTypeProblems: [],
  isProblemsBannerDismissed: false,

  setNodeTypes: (response) => {
    const nodeTypes = Array.isArray(response.nodeTypes) ? response.nodeTypes : [];
    const problems = Array.isArray(response.problems) ? response.problems : [];
    const isSameProblems = JSON.stringify(problems) === JSON.stringify(get().nodeTypeProblems);

    const nodeTypeLookup = Object.fromEntries(nodeTypes.map((nodeType) => [nodeType.id, nodeType]));

    // A reload that reports new problems shows the banner again, even after it was dismissed.
    set((state) => ({
      nodeTypes,
      nodeTypeLookup,
      nodeTypeProblems: problems,
      isProblemsBannerDismissed: isSameProblems ? state.isProblemsBannerDismissed : false,
    }));
  },

  dismissProblemsBanner: () => set({ isProblemsBannerDismissed: true }),
});
