import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

interface PreviewDockValue {
  element: HTMLElement | null;
  setElement: (element: HTMLElement | null) => void;
}

const PreviewDockContext = createContext<PreviewDockValue | null>(null);

/**
 * Shares the element of the preview dock, the area below the canvas, with the link inspector. The
 * inspector owns the preview's state and renders the panel into the dock through a portal, so the
 * panel shrinks the canvas instead of covering it.
 */
export function PreviewDockProvider({ children }: { children: ReactNode }) {
  const [element, setElement] = useState<HTMLElement | null>(null);
  const value = useMemo(() => ({ element, setElement }), [element]);
  return <PreviewDockContext.Provider value={value}>{children}</PreviewDockContext.Provider>;
}

/** Renders the area below the canvas that contains an open preview panel. The area is empty and has no height otherwise. */
export function PreviewDock() {
  const dock = useContext(PreviewDockContext);
  if (!dock) throw new Error('PreviewDock needs a PreviewDockProvider above the component.');
  return <div className="preview-dock" data-testid="preview-dock" ref={dock.setElement} />;
}

/** Returns the preview dock's element, or null before it is mounted. */
export function usePreviewDockElement(): HTMLElement | null {
  const dock = useContext(PreviewDockContext);
  if (!dock) throw new Error('usePreviewDockElement needs a PreviewDockProvider above the component.');
  return dock.element;
}
