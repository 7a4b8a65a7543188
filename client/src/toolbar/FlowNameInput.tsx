import { useEffect, useState } from 'react';
import { useStudio } from '../store/studio-store';

/** The open flow's name; editing it renames the flow (saved with the next save). */
export function FlowNameInput() {
  const flowName = useStudio((state) => state.flowName);
  const renameFlow = useStudio((state) => state.renameFlow);
  const [draft, setDraft] = useState(flowName);

  useEffect(() => setDraft(flowName), [flowName]);

  const commit = () => {
    if (draft.trim()) renameFlow(draft);
    else setDraft(flowName);
  };

  return (
    <input
      className="flow-name"
      data-testid="flow-name"
      aria-label="Flow name"
      value={draft}
      size={Math.max(12, Math.min(40, draft.length + 2))}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') event.currentTarget.blur();
        if (event.key === 'Escape') {
          setDraft(flowName);
          event.currentTarget.blur();
        }
      }}
    />
  );
}
