import type { FlowSummary } from '@databay-studio/shared';
import type { ExampleSummary } from '../api/studio-api';
import type { SliceCreator } from './slice';

export type ToastTone = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
}

/** A save that the server rejected because the flow has a newer version there. */
export interface SaveConflict {
  flowId: string;
  serverVersion: number | null;
  message: string;
}

/** Toasts, dialogs, menus' data and the request in flight. */
export interface UiSlice {
  toasts: Toast[];
  conflict: SaveConflict | null;
  flowList: FlowSummary[];
  examples: ExampleSummary[];
  /** Name of the request in flight (save, deploy, ...), which disables the commands that would race it. */
  pendingRequest: string | null;
  isLiveConnected: boolean;

  pushToast: (message: string, tone?: ToastTone) => number;
  dismissToast: (id: number) => void;
  setConflict: (conflict: SaveConflict | null) => void;
  setFlowList: (flows: FlowSummary[]) => void;
  setExamples: (examples: ExampleSummary[]) => void;
  setPendingRequest: (name: string | null) => void;
  setLiveConnected: (isConnected: boolean) => void;
}

/** Maximum number of toasts on screen; the oldest goes first. */
const TOAST_LIMIT = 4;

let toastCounter = 0;

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  toasts: [],
  conflict: null,
  flowList: [],
  examples: [],
  pendingRequest: null,
  isLiveConnected: false,

  pushToast: (message, tone = 'info') => {
    toastCounter += 1;
    const toast: Toast = { id: toastCounter, message, tone };

    set((state) => ({ toasts: [...state.toasts, toast].slice(-TOAST_LIMIT) }));
    return toast.id;
  },

  dismissToast: (id) => set((state) => ({ toasts: state.toasts.filter((toast) => toast.id !== id) })),
  setConflict: (conflict) => set({ conflict }),
  setFlowList: (flowList) => set({ flowList }),
  setExamples: (examples) => set({ examples }),
  setPendingRequest: (pendingRequest) => set({ pendingRequest }),
  setLiveConnected: (isLiveConnected) => set({ isLiveConnected }),
});
