/**
 * A user action as data, so the toolbar, keyboard shortcuts and any menu run the same code.
 * `State` is what `isEnabled` reads, `Context` what `perform` needs.
 */
export interface Command<State, Context> {
  id: string;
  label: string;
  /** Key combination such as `Mod+S`, where Mod is Cmd on macOS and Ctrl elsewhere. */
  shortcut?: string;
  /** Whether the shortcut also fires while focus is in a text input. */
  isShortcutInInputs?: boolean;
  isEnabled: (state: State) => boolean;
  perform: (context: Context) => void | Promise<void>;
}

/** The key fields of a KeyboardEvent that shortcuts read. */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Checks whether a key press matches a shortcut such as `Mod+Shift+Enter`. */
export function matchesShortcut(press: KeyPress, shortcut: string, isMac: boolean): boolean {
  const parts = shortcut.split('+');
  const key = parts.pop()?.toLowerCase();
  const modifiers = new Set(parts.map((part) => part.toLowerCase()));

  const wantsMod = modifiers.has('mod');
  const wantsCtrl = modifiers.has('ctrl') || (wantsMod && !isMac);
  const wantsMeta = modifiers.has('meta') || (wantsMod && isMac);

  return (
    press.key.toLowerCase() === key &&
    press.ctrlKey === wantsCtrl &&
    press.metaKey === wantsMeta &&
    press.shiftKey === modifiers.has('shift') &&
    press.altKey === modifiers.has('alt')
  );
}

/** Formats a shortcut for a tooltip, e.g. `Ctrl+S` or `⌘S`. */
export function formatShortcut(shortcut: string, isMac: boolean): string {
  if (!isMac) return shortcut.replace(/\bMod\b/, 'Ctrl');
  return shortcut
    .replace(/\bMod\+/, '⌘')
    .replace(/\bShift\+/, '⇧')
    .replace(/\bAlt\+/, '⌥');
}

/** Holds the commands by id and runs them from buttons and key presses. */
export class CommandRegistry<State, Context> {
  private readonly commands = new Map<string, Command<State, Context>>();

  constructor(commands: Command<State, Context>[] = []) {
    for (const command of commands) this.register(command);
  }

  register(command: Command<State, Context>): void {
    if (this.commands.has(command.id)) {
      throw new Error(`Command "${command.id}" is registered twice: give each command its own id.`);
    }
    this.commands.set(command.id, command);
  }

  get(id: string): Command<State, Context> {
    const command = this.commands.get(id);
    if (!command) throw new Error(`Unknown command "${id}": register it before use.`);
    return command;
  }

  list(): Command<State, Context>[] {
    return [...this.commands.values()];
  }

  /** Runs a command when it is enabled; returns whether it ran. */
  async run(id: string, state: State, context: Context): Promise<boolean> {
    const command = this.get(id);
    if (!command.isEnabled(state)) return false;

    await command.perform(context);
    return true;
  }

  /** Finds the command whose shortcut the key press matches, if any. */
  findByKeyPress(press: KeyPress, isMac: boolean, isInInput: boolean): Command<State, Context> | undefined {
    return this.list().find(
      (command) =>
        command.shortcut !== undefined &&
        (!isInInput || command.isShortcutInInputs) &&
        matchesShortcut(press, command.shortcut, isMac),
    );
  }
}
