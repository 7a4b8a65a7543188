import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { createFlowSlice, type FlowSlice } from './flow-slice';
import { createLogSlice, type LogSlice } from './log-slice';
import { createPaletteSlice, type PaletteSlice } from './palette-slice';
import { createRunSlice, type RunSlice } from './run-slice';
import { createSelectionSlice, type SelectionSlice } from './selection-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

/** The whole client state. It holds no socket or fetch: live/ and studio/ feed it through its actions. */
export type StudioState = FlowSlice & SelectionSlice & PaletteSlice & LogSlice & RunSlice & UiSlice;

export type StudioStore = ReturnType<typeof createStudioStore>;

/** Creates a store; the app uses one, tests make their own. */
export function createStudioStore() {
  return createStore<StudioState>()((...args) => ({
    ...createFlowSlice(...args),
    ...createSelectionSlice(...args),
    ...createPaletteSlice(...args),
    ...createLogSlice(...args),
    ...createRunSlice(...args),
    ...createUiSlice(...args),
  }));
}

/** The app's store. */
export const studioStore = createStudioStore();

/** Reads from the app's store in a component and re-renders when the selected value changes. */
export function useStudio<Selected>(selector: (state: StudioState) => Selected): Selected {
  return useStore(studioStore, selector);
}
