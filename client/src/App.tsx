import { useEffect, useMemo } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { FlowCanvas } from './canvas/FlowCanvas';
import { useCommandShortcuts } from './commands/use-command-shortcuts';
import { Inspector } from './inspector/Inspector';
import { PreviewDock, PreviewDockProvider } from './inspector/preview/preview-dock';
import { connectLive } from './live/connect-live';
import { LogPanel } from './log/LogPanel';
import { Palette } from './palette/Palette';
import { ProblemsBanner } from './palette/ProblemsBanner';
import { studioStore } from './store/studio-store';
import { StudioActions } from './studio/studio-actions';
import { StudioActionsContext } from './studio/studio-context';
import { useUnsavedGuard } from './studio/use-unsaved-guard';
import { ConflictDialog } from './toolbar/ConflictDialog';
import { Toolbar } from './toolbar/Toolbar';
import { Toasts } from './ui/Toasts';

/**
 * The studio page: toolbar on top, palette left, canvas center, inspector right, live log at the
 * bottom. A link preview opens between the canvas and the log.
 */
export function App() {
  const actions = useMemo(() => new StudioActions(studioStore), []);

  useEffect(() => {
    void actions.refreshNodeTypes();
    void actions.refreshExamples();
    void actions.openInitialFlow();
    return connectLive(studioStore, actions, (isConnected) => studioStore.getState().setLiveConnected(isConnected));
  }, [actions]);

  useCommandShortcuts(actions);
  useUnsavedGuard();

  return (
    <StudioActionsContext.Provider value={actions}>
      <ReactFlowProvider>
        <PreviewDockProvider>
          <div className="studio">
            <Toolbar />
            <ProblemsBanner />
            <div className="studio-main">
              <Palette />
              <main className="studio-center">
                <FlowCanvas />
                <PreviewDock />
                <LogPanel />
              </main>
              <Inspector />
            </div>
            <Toasts />
            <ConflictDialog />
          </div>
        </PreviewDockProvider>
      </ReactFlowProvider>
    </StudioActionsContext.Provider>
  );
}
