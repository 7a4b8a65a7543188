import { useCallback, useState, type PointerEvent as ReactPointerEvent } from 'react';

const MIN_HEIGHT = 96;

/** Height of a bottom panel that the user resizes by dragging its top edge, kept within 96 px and 75% of the window. */
export function usePanelResize(initialHeight: number) {
  const [height, setHeight] = useState(initialHeight);

  const onResizeStart = useCallback(
    (event: ReactPointerEvent) => {
      event.preventDefault();
      const startY = event.clientY;
      const startHeight = height;

      const onMove = (moveEvent: PointerEvent) => {
        const maxHeight = window.innerHeight * 0.75;
        setHeight(Math.min(maxHeight, Math.max(MIN_HEIGHT, startHeight + startY - moveEvent.clientY)));
      };
      const onUp = () => {
        window.removeEventListener('pointermove', onMove);
        window.removeEventListener('pointerup', onUp);
      };
      window.addEventListener('pointermove', onMove);
      window.addEventListener('pointerup', onUp);
    },
    [height],
  );

  return { height, onResizeStart };
}
