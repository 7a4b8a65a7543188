import { useStudio } from '../store/studio-store';

/** Lists plugins and node types that failed to load, until dismissed or the list changes. */
export function ProblemsBanner() {
  const problems = useStudio((state) => state.nodeTypeProblems);
  const isDismissed = useStudio((state) => state.isProblemsBannerDismissed);
  const dismiss = useStudio((state) => state.dismissProblemsBanner);
  if (problems.length === 0 || isDismissed) return null;

  return (
    <div className="problems-banner" role="alert" data-testid="problems-banner">
      <div>
        <strong>{problems.length === 1 ? 'A node type could not be loaded:' : `${problems.length} node type problems:`}</strong>
        <ul>
          {problems.map((problem, index) => (
            <li key={index}>
              <code title={problem.source}>{shortSource(problem.source)}</code>: {withoutSource(problem.message, problem.source)}
            </li>
          ))}
        </ul>
      </div>
      <button type="button" className="button button--ghost" onClick={dismiss} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

/** Returns the file or package name of a plugin source; the full path stays in the tooltip. */
function shortSource(source: string): string {
  return source.split(/[\\/]/).filter(Boolean).at(-1) ?? source;
}

/** Drops a leading "Failed to load <source>: " so that the banner names the source once. */
function withoutSource(message: string, source: string): string {
  const prefix = `Failed to load ${source}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
