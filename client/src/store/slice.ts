import type { StateCreator } from 'zustand';
import type { StudioState } from './studio-store';

/** A creator of one concern's part of the studio store; it may read and write the whole state. */
export type SliceCreator<Slice> = StateCreator<StudioState, [], [], Slice>;
