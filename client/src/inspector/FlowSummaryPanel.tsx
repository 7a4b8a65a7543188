import { useStudio } from '../store/studio-store';

/** Inspector content with no node selected: the flow's state and how to start. */
export function FlowSummaryPanel() {
  const flowName = useStudio((state) => state.flowName);
  const flowVersion = useStudio((state) => state.flowVersion);
  const nodeCount = useStudio((state) => state.nodes.length);
  const edgeCount = useStudio((state) => state.edges.length);
  const isDeployed = useStudio((state) => state.isDeployed);
  const deployedVersion = useStudio((state) => state.deployedVersion);
  const problemCount = useStudio((state) => state.deployErrors.length);

  return (
    <div className="flow-summary">
      <h2>{flowName || 'No flow open'}</h2>
      <dl>
        <dt>Version</dt>
        <dd>{flowVersion || '–'}</dd>
        <dt>Nodes</dt>
        <dd>{nodeCount}</dd>
        <dt>Edges</dt>
        <dd>{edgeCount}</dd>
        <dt>Deployed</dt>
        <dd>{isDeployed ? `yes${deployedVersion ? `, version ${deployedVersion}` : ''}` : 'no'}</dd>
        {problemCount > 0 && (
          <>
            <dt>Deploy problems</dt>
            <dd className="field__error">{problemCount}</dd>
          </>
        )}
      </dl>
      <p className="muted">Select a node to edit its options. Drag node types from the palette onto the canvas.</p>
    </div>
  );
}
