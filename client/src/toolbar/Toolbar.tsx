import { useStudio } from '../store/studio-store';
import { CommandButton } from './CommandButton';
import { ExamplesMenu } from './ExamplesMenu';
import { FlowMenu } from './FlowMenu';
import { FlowNameInput } from './FlowNameInput';
import { describeRunNow } from './run-now-text';
import { StaleTypesChip } from './StaleTypesChip';

/** The top bar: flow menu and name, save state, deploy state and the run commands. */
export function Toolbar() {
  const isDirty = useStudio((state) => state.isDirty);
  const isDeployed = useStudio((state) => state.isDeployed);
  const deployedVersion = useStudio((state) => state.deployedVersion);
  const flowVersion = useStudio((state) => state.flowVersion);
  const isLiveConnected = useStudio((state) => state.isLiveConnected);
  const pendingRequest = useStudio((state) => state.pendingRequest);
  const selectedLinkLabel = useStudio((state) => {
    const selected = state.nodes.find((node) => node.id === state.selectedNodeId);
    return selected?.data.kind === 'link' ? (selected.data.label ?? '') : null;
  });
  const runNowText = describeRunNow(selectedLinkLabel === null ? null : { label: selectedLinkLabel });

  const isStale = isDeployed && deployedVersion !== null && deployedVersion !== flowVersion;

  return (
    <header className="toolbar">
      <div className="toolbar__brand">Databay Studio</div>
      <FlowMenu />
      <div className="toolbar__flow">
        <FlowNameInput />
        {isDirty && (
          <span className="dirty-mark" data-testid="dirty-mark" title="Unsaved changes">
            •
          </span>
        )}
      </div>
      <span
        className={`deploy-state ${isDeployed ? 'is-deployed' : ''} ${isStale ? 'is-stale' : ''}`}
        data-testid="deploy-state"
        data-deployed={isDeployed}
        title={isStale ? `Version ${deployedVersion} is running; deploy to run version ${flowVersion}.` : undefined}
      >
        {isDeployed ? `Deployed${deployedVersion ? ` v${deployedVersion}` : ''}${isStale ? ' (older)' : ''}` : 'Not deployed'}
      </span>
      <StaleTypesChip />
      {pendingRequest && <span className="muted toolbar__pending">{pendingRequest === 'save' ? 'Saving…' : 'Deploying…'}</span>}
      <div className="toolbar__spacer" />
      <ExamplesMenu />
      <CommandButton commandId="save" testId="toolbar-save" />
      <CommandButton commandId="run-now" testId="toolbar-run" label={runNowText.label} description={runNowText.description} />
      <CommandButton commandId="stop" testId="toolbar-stop" />
      <CommandButton commandId="deploy" testId="toolbar-deploy" variant="primary" />
      <span
        className={`live-dot ${isLiveConnected ? 'is-connected' : ''}`}
        title={isLiveConnected ? 'Live updates connected' : 'Live updates disconnected; reconnecting'}
        aria-label={isLiveConnected ? 'Live updates connected' : 'Live updates disconnected'}
      />
    </header>
  );
}
