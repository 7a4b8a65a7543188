import type { StudioActions } from '../studio/studio-actions';
import type { StudioState } from '../store/studio-store';
import { CommandRegistry, type Command } from './command-registry';

/** Dependencies a studio command acts through. */
export interface StudioCommandContext {
  actions: StudioActions;
}

export type StudioCommand = Command<StudioState, StudioCommandContext>;

const hasFlow = (state: StudioState) => state.flowId !== null;

/** Every toolbar and keyboard action of the studio. */
export const studioCommands: StudioCommand[] = [
  {
    id: 'save',
    label: 'Save',
    shortcut: 'Mod+S',
    isShortcutInInputs: true,
    isEnabled: (state) => hasFlow(state) && state.pendingRequest === null,
    perform: ({ actions }) => actions.saveFlow().then(() => undefined),
  },
  {
    id: 'deploy',
    label: 'Deploy',
    shortcut: 'Mod+Shift+Enter',
    isShortcutInInputs: true,
    isEnabled: (state) => hasFlow(state) && state.pendingRequest === null,
    perform: ({ actions }) => actions.deployFlow(),
  },
  {
    id: 'stop',
    label: 'Stop',
    isEnabled: (state) => hasFlow(state) && state.isDeployed,
    perform: ({ actions }) => actions.stopFlow(),
  },
  {
    id: 'run-now',
    label: 'Run now',
    shortcut: 'Mod+Enter',
    isEnabled: (state) => hasFlow(state) && state.isDeployed && state.nodes.some((node) => node.data.kind === 'link'),
    perform: ({ actions }) => actions.runNow(),
  },
];

export const commandRegistry = new CommandRegistry<StudioState, StudioCommandContext>(studioCommands);
