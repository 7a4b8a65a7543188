import { useCommand } from './use-command';

interface CommandButtonProps {
  commandId: string;
  testId: string;
  variant?: 'primary' | 'default' | 'danger';
  /** Overrides the command's label, e.g. to name the selected link. */
  label?: string;
  /** Overrides the command's label in the tooltip, which adds the shortcut. */
  description?: string;
}

export function CommandButton({ commandId, testId, variant = 'default', label, description }: CommandButtonProps) {
  const command = useCommand(commandId, description ?? label);

  return (
    <button
      type="button"
      className={`button button--${variant}`}
      data-testid={testId}
      title={command.title}
      disabled={!command.isEnabled}
      onClick={command.run}
    >
      <span className="command-button__label">{label ?? command.label}</span>
    </button>
  );
}
