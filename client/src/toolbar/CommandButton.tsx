import { useCommand } from './use-command';

interface CommandButtonProps {
  commandId: string;
  testId: string;
  variant?: 'primary' | 'default' | 'danger';
  /** Overrides the command's label, e.g. to name the selected link. */
  label?: string;
}

export function CommandButton({ commandId, testId, variant = 'default', label }: CommandButtonProps) {
  const command = useCommand(commandId);

  return (
    <button
      type="button"
      className={`button button--${variant}`}
      data-testid={testId}
      title={command.title}
      disabled={!command.isEnabled}
      onClick={command.run}
    >
      {label ?? command.label}
    </button>
  );
}
