import { useStudio } from '../store/studio-store';

/** Warns that the deployed flow runs old code of node types that changed since its deploy. */
export function StaleTypesChip() {
  const staleTypes = useStudio((state) => state.staleTypes);
  const isDeployed = useStudio((state) => state.isDeployed);
  if (!isDeployed || staleTypes.length === 0) return null;

  const message = `Node types changed since deploy: ${staleTypes.join(', ')} — deploy again to use the new code`;
  return (
    <span
      className="stale-chip"
      role="status"
      data-testid="stale-types"
      title={`${message}. Until then the running flow keeps the code these node types had at its deploy.`}
    >
      ⚠ {message}
    </span>
  );
}
