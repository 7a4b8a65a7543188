import type { ReactNode } from 'react';
import type { FlowProblem, NodeKind } from '@databay-studio/shared';
import { problemFieldLabel } from '../../inspector/problem-field-label';
import { accentStyle, nodeIcon } from '../../palette/node-icon';
import { useStudio } from '../../store/studio-store';

const KIND_LABEL: Record<NodeKind, string> = { inlet: 'Inlet', link: 'Link', outlet: 'Outlet' };
const NO_ERRORS: FlowProblem[] = [];

interface NodeShellProps {
  id: string;
  kind: NodeKind;
  type: string;
  label?: string;
  selected: boolean;
  children?: ReactNode;
}

/** The frame every canvas node shares: header with icon and label, status badge and deploy errors. */
export function NodeShell({ id, kind, type, label, selected, children }: NodeShellProps) {
  const nodeType = useStudio((state) => state.nodeTypeLookup[type]);
  const status = useStudio((state) => state.statusByNode[id]);
  const errors = useStudio((state) => state.deployErrorsByNode[id] ?? NO_ERRORS);
  const isStaleType = useStudio((state) => state.isDeployed && state.staleTypes.includes(type));

  const hasErrors = errors.length > 0;
  const className = ['studio-node', `studio-node--${kind}`, selected && 'is-selected', hasErrors && 'has-errors', isStaleType && 'is-stale-type']
    .filter(Boolean)
    .join(' ');
  const accent = nodeType?.color;

  return (
    <div className={className} data-testid={`node-${id}`} title={nodeType?.description}>
      <div className="studio-node__header" style={accent ? { borderTopColor: accent } : undefined}>
        <span className="studio-node__icon" aria-hidden style={accent ? accentStyle(accent) : undefined}>
          {nodeIcon(nodeType?.icon, kind)}
        </span>
        <div className="studio-node__titles">
          <span className="studio-node__label">{label || nodeType?.label || type}</span>
          <span className="studio-node__meta">
            {KIND_LABEL[kind]} · {id}
            {!nodeType && <span className="studio-node__unknown"> · unknown type "{type}"</span>}
          </span>
        </div>
        {status && (
          <span
            className={`studio-node__status status--${status.state}`}
            data-testid={`node-status-${id}`}
            data-state={status.state}
            title={status.text}
          >
            {status.state}
          </span>
        )}
      </div>
      {isStaleType && (
        <div
          className="studio-node__stale"
          data-testid={`node-stale-${id}`}
          title={`Node type "${type}" changed since this flow was deployed. The flow still runs the old code; deploy again to run the new one.`}
        >
          ⚠ Node type changed since deploy
        </div>
      )}
      {children}
      {status?.text && status.state === 'error' && <div className="studio-node__status-text">{status.text}</div>}
      {hasErrors && <NodeProblems id={id} kind={kind} type={type} problems={errors} />}
    </div>
  );
}

/** Lists a node's deploy problems, each under the label its field has in the inspector, with the config key as tooltip. */
function NodeProblems({ id, kind, type, problems }: { id: string; kind: NodeKind; type: string; problems: readonly FlowProblem[] }) {
  const config = useStudio((state) => state.nodes.find((node) => node.id === id)?.data.config);
  const nodeTypes = useStudio((state) => state.nodeTypeLookup);

  return (
    <ul className="studio-node__errors nowheel" data-testid={`node-error-${id}`}>
      {problems.map((problem, index) => (
        <li key={index}>
          {problem.field && (
            <strong data-testid="node-error-field" title={problem.field}>
              {problemFieldLabel(problem.field, { kind, type, config }, nodeTypes)}:{' '}
            </strong>
          )}
          {problem.message}
        </li>
      ))}
    </ul>
  );
}
