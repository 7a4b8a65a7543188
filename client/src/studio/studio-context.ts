import { createContext, useContext } from 'react';
import type { StudioActions } from './studio-actions';

export const StudioActionsContext = createContext<StudioActions | null>(null);

/** Returns the app's StudioActions; components call it instead of fetching themselves. */
export function useStudioActions(): StudioActions {
  const actions = useContext(StudioActionsContext);
  if (!actions) throw new Error('useStudioActions needs a StudioActionsContext provider above the component.');
  return actions;
}
