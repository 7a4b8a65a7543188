import { useEffect } from 'react';
import { studioStore } from '../store/studio-store';
import type { StudioActions } from '../studio/studio-actions';
import { commandRegistry } from './studio-commands';

export const isMacPlatform = () => /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

function isTextInput(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Runs the command whose shortcut matches a key press anywhere on the page. */
export function useCommandShortcuts(actions: StudioActions): void {
  useEffect(() => {
    const isMac = isMacPlatform();

    const onKeyDown = (event: KeyboardEvent) => {
      const command = commandRegistry.findByKeyPress(event, isMac, isTextInput(event.target));
      if (!command) return;

      // The browser's own action (save page, bookmark) never fires, even when the command is disabled.
      event.preventDefault();
      void commandRegistry.run(command.id, studioStore.getState(), { actions });
    };

    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [actions]);
}
