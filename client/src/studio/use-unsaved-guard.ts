import { useEffect } from 'react';
import { studioStore } from '../store/studio-store';

/** Asks the browser to confirm leaving the page while the open flow has unsaved edits. */
export function useUnsavedGuard(): void {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (!studioStore.getState().isDirty) return;
      event.preventDefault();
    };

    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
}
