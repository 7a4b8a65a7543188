import { useCallback, useRef, useState } from 'react';
import { useStudio } from '../store/studio-store';
import { useStudioActions } from '../studio/studio-context';
import { useDismiss } from './use-dismiss';

/** Example flows the server ships; picking one creates a new flow from it. */
export function ExamplesMenu() {
  const actions = useStudioActions();
  const examples = useStudio((state) => state.examples);
  const isDirty = useStudio((state) => state.isDirty);
  const [isOpen, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, isOpen, close);

  const toggle = () => {
    if (!isOpen) void actions.refreshExamples();
    setOpen(!isOpen);
  };

  return (
    <div className="menu" ref={ref}>
      <button type="button" className="button" data-testid="examples-menu" aria-haspopup="menu" aria-expanded={isOpen} onClick={toggle}>
        Examples ▾
      </button>
      {isOpen && (
        <div className="menu__popup menu__popup--right menu__popup--wide" role="menu">
          {examples.length === 0 && <p className="muted menu__empty">No examples available.</p>}
          <ul className="menu__list">
            {examples.map((example) => (
              <li key={example.id} className="menu__item">
                <button
                  type="button"
                  className="menu__open"
                  data-testid={`example-${example.id}`}
                  onClick={() => {
                    // Opening the example replaces the open flow on the canvas, like opening a flow from the list.
                    if (isDirty && !window.confirm('This flow has unsaved changes. Open the example and discard them?')) return;
                    close();
                    void actions.createFromExample(example.id);
                  }}
                >
                  <span className="menu__name">{example.name}</span>
                  <span className="menu__description">{example.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
