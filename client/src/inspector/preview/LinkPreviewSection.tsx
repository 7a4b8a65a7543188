import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { FlowProblem } from '@databay-studio/shared';
import type { LinkPreview } from '../../api/studio-api';
import { ApiError } from '../../api/api-error';
import { studioStore, useStudio } from '../../store/studio-store';
import { useStudioActions } from '../../studio/studio-context';
import { problemFieldLabel } from '../problem-field-label';
import { PreviewPanel } from './PreviewPanel';
import { usePreviewDockElement } from './preview-dock';

type PreviewState =
  | { phase: 'idle' }
  | { phase: 'loading'; previous?: LinkPreview }
  | { phase: 'done'; preview: LinkPreview; editCount: number }
  | { phase: 'failed'; message: string; problems: PreviewProblem[] };

/** A deploy problem of a failed preview, with the inspector's label of its field. */
interface PreviewProblem {
  nodeId: string;
  field?: string;
  fieldLabel?: string;
  message: string;
}

/** Adds to each problem the label its field has in the inspector of the node it names. */
function labelProblems(problems: readonly FlowProblem[]): PreviewProblem[] {
  const { nodes, nodeTypeLookup } = studioStore.getState();
  return problems.map((problem) => {
    if (!problem.field) return { nodeId: problem.nodeId, message: problem.message };
    const node = nodes.find((entry) => entry.id === problem.nodeId);
    const problemNode = node ? { kind: node.data.kind, type: node.data.type, config: node.data.config } : undefined;
    return { ...problem, fieldLabel: problemFieldLabel(problem.field, problemNode, nodeTypeLookup) };
  });
}

/**
 * Centers the link on the canvas once the opening panel has shrunk it from below, which could
 * otherwise push the link out of view. React Flow reads the new pane size in a ResizeObserver
 * callback, which the browser runs after layout of the frame that shows the panel, so the request
 * waits two animation frames.
 */
function centerLinkAfterLayout(linkId: string): void {
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const { selectedNodeId, selectNode } = studioStore.getState();
      if (selectedNodeId === linkId) selectNode(linkId, { focus: true });
    }),
  );
}

/**
 * Renders the Preview button of a link's inspector. It runs the link's inlets and processors on the flow as
 * the canvas has it, unsaved edits included, and opens the records in a panel docked below the canvas.
 */
export function LinkPreviewSection({ linkId }: { linkId: string }) {
  const actions = useStudioActions();
  const dockElement = usePreviewDockElement();
  const [state, setState] = useState<PreviewState>({ phase: 'idle' });
  const editCount = useStudio((studio) => studio.editCount);
  const linkLabel = useStudio((studio) => studio.nodes.find((node) => node.id === linkId)?.data.label?.trim() ?? '');

  // A new link starts without a preview; the old one's records would be misleading.
  useEffect(() => setState({ phase: 'idle' }), [linkId]);

  const run = async () => {
    const editCountAtRun = editCount;
    setState((current) => ({ phase: 'loading', previous: current.phase === 'done' ? current.preview : undefined }));

    const result = await actions.previewLink(linkId);
    if ('preview' in result) {
      const isOpening = state.phase === 'idle' || state.phase === 'failed';
      setState({ phase: 'done', preview: result.preview, editCount: editCountAtRun });
      if (isOpening) centerLinkAfterLayout(linkId);
      return;
    }
    const deployProblems = result.error instanceof ApiError ? result.error.deployProblems : [];
    setState({ phase: 'failed', message: result.error.message, problems: labelProblems(deployProblems) });
  };

  // While a new run loads, the previous records stay on screen.
  let shownPreview: LinkPreview | undefined;
  if (state.phase === 'done') shownPreview = state.preview;
  if (state.phase === 'loading') shownPreview = state.previous;

  return (
    <section className="link-preview">
      <h3 className="inspector__section">Preview</h3>
      <p className="field__help">Pulls the inlets once and runs this link's processors, without writing to any outlet.</p>
      <button type="button" className="button" data-testid="preview-button" disabled={state.phase === 'loading'} onClick={() => void run()}>
        {state.phase === 'loading' ? 'Running preview…' : 'Preview'}
      </button>
      {state.phase === 'failed' && (
        <div className="inspector__errors" role="alert" data-testid="preview-error">
          <p>{state.message}</p>
          {state.problems.length > 0 && (
            <ul>
              {state.problems.map((problem, index) => (
                <li key={index}>
                  {problem.nodeId}
                  {problem.field && (
                    <>
                      {' '}
                      <strong title={problem.field}>{problem.fieldLabel}</strong>
                    </>
                  )}
                  : {problem.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {shownPreview &&
        dockElement &&
        createPortal(
          <PreviewPanel
            linkId={linkId}
            linkLabel={linkLabel}
            preview={shownPreview}
            isLoading={state.phase === 'loading'}
            isOutdated={state.phase === 'done' && state.editCount !== editCount}
            onRefresh={() => void run()}
            onClose={() => setState({ phase: 'idle' })}
          />,
          dockElement,
        )}
    </section>
  );
}
