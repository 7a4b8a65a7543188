import { useCallback } from 'react';
import { formatShortcut } from '../commands/command-registry';
import { commandRegistry } from '../commands/studio-commands';
import { isMacPlatform } from '../commands/use-command-shortcuts';
import { studioStore, useStudio } from '../store/studio-store';
import { useStudioActions } from '../studio/studio-context';

/**
 * Binds a registered command to a button: its label, tooltip with shortcut, enabled state and
 * click handler. `description` replaces the command's label in the tooltip.
 */
export function useCommand(id: string, description?: string) {
  const command = commandRegistry.get(id);
  const actions = useStudioActions();
  const isEnabled = useStudio((state) => command.isEnabled(state));
  const run = useCallback(() => void commandRegistry.run(id, studioStore.getState(), { actions }), [actions, id]);
  const text = description ?? command.label;
  const title = command.shortcut ? `${text} (${formatShortcut(command.shortcut, isMacPlatform())})` : text;

  return { label: command.label, title, isEnabled, run };
}
