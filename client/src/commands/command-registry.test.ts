import { describe, expect, it } from 'vitest';
import { CommandRegistry, formatShortcut, matchesShortcut, type Command, type KeyPress } from './command-registry';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});

interface State {
  isDirty: boolean;
}

function counterCommand(id: string, shortcut?: string, isShortcutInInputs = false) {
  const calls: string[] = [];
  const command: Command<State, string> = {
    id,
    label: id,
    shortcut,
    isShortcutInInputs,
    isEnabled: (state) => state.isDirty,
    perform: (context) => {
      calls.push(context);
    },
  };
  return { command, calls };
}

describe('matchesShortcut', () => {
  it('maps Mod to Ctrl off macOS and Cmd on macOS', () => {
    expect(matchesShortcut(press('s', { ctrlKey: true }), 'Mod+S', false)).toBe(true);
    expect(matchesShortcut(press('s', { metaKey: true }), 'Mod+S', true)).toBe(true);
    expect(matchesShortcut(press('s', { metaKey: true }), 'Mod+S', false)).toBe(false);
  });

  it('requires the exact modifiers', () => {
    expect(matchesShortcut(press('s', { ctrlKey: true, shiftKey: true }), 'Mod+S', false)).toBe(false);
    expect(matchesShortcut(press('Enter', { ctrlKey: true, shiftKey: true }), 'Mod+Shift+Enter', false)).toBe(true);
    expect(matchesShortcut(press('s'), 'Mod+S', false)).toBe(false);
  });
});

describe('formatShortcut', () => {
  it('shows Ctrl or the macOS symbols', () => {
    expect(formatShortcut('Mod+S', false)).toBe('Ctrl+S');
    expect(formatShortcut('Mod+Shift+Enter', true)).toBe('⌘⇧Enter');
  });
});

describe('CommandRegistry', () => {
  it('runs an enabled command with its context', async () => {
    const { command, calls } = counterCommand('save', 'Mod+S');
    const registry = new CommandRegistry<State, string>([command]);

    const ran = await registry.run('save', { isDirty: true }, 'ctx');

    expect(ran).toBe(true);
    expect(calls).toEqual(['ctx']);
  });

  it('skips a disabled command', async () => {
    const { command, calls } = counterCommand('save', 'Mod+S');
    const registry = new CommandRegistry<State, string>([command]);

    const ran = await registry.run('save', { isDirty: false }, 'ctx');

    expect(ran).toBe(false);
    expect(calls).toEqual([]);
  });

  it('rejects a duplicate id and an unknown id', () => {
    const registry = new CommandRegistry<State, string>([counterCommand('save').command]);

    expect(() => registry.register(counterCommand('save').command)).toThrow(/registered twice/);
    expect(() => registry.get('ghost')).toThrow(/Unknown command "ghost"/);
  });

  it('finds commands by key press, honoring inputs', () => {
    const save = counterCommand('save', 'Mod+S', true).command;
    const run = counterCommand('run', 'Mod+Enter').command;
    const registry = new CommandRegistry<State, string>([save, run]);

    expect(registry.findByKeyPress(press('s', { ctrlKey: true }), false, true)).toBe(save);
    expect(registry.findByKeyPress(press('Enter', { ctrlKey: true }), false, false)).toBe(run);
    expect(registry.findByKeyPress(press('Enter', { ctrlKey: true }), false, true)).toBeUndefined();
  });
});
