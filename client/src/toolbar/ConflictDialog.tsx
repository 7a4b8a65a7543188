import { useStudio } from '../store/studio-store';
import { useStudioActions } from '../studio/studio-context';

/** Shown when a save was rejected as stale: the user reloads the server's version or keeps the edits as a copy. */
export function ConflictDialog() {
  const actions = useStudioActions();
  const conflict = useStudio((state) => state.conflict);
  const setConflict = useStudio((state) => state.setConflict);
  if (!conflict) return null;

  const versionText = conflict.serverVersion ? ` (version ${conflict.serverVersion})` : '';

  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="alertdialog" aria-modal="true" aria-labelledby="conflict-title" data-testid="conflict-dialog">
        <h2 id="conflict-title">Flow changed elsewhere</h2>
        <p>
          This flow was changed elsewhere{versionText}. Reload it or save as a copy. Your edits stay on the canvas until you
          choose.
        </p>
        <div className="dialog__actions">
          <button type="button" className="button button--ghost" data-testid="conflict-cancel" onClick={() => setConflict(null)}>
            Cancel
          </button>
          <button
            type="button"
            className="button"
            data-testid="conflict-reload"
            onClick={() => {
              setConflict(null);
              void actions.reloadFlow();
            }}
          >
            Reload (discard my edits)
          </button>
          <button
            type="button"
            className="button button--primary"
            data-testid="conflict-save-copy"
            onClick={() => {
              setConflict(null);
              void actions.saveAsCopy();
            }}
          >
            Save as a copy
          </button>
        </div>
      </div>
    </div>
  );
}
