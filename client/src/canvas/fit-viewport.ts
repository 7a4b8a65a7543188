import type { Viewport } from '@xyflow/react';

/** A node's box on the canvas, in flow coordinates. */
export interface NodeBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FitOptions {
  minZoom: number;
  maxZoom: number;
  /** Space kept free around the flow, in screen pixels. */
  padding: number;
}

/**
 * Returns the viewport that centers the boxes in a pane of the given size, zoomed to fit them within
 * `minZoom` and `maxZoom`. A flow too large to fit at `minZoom` shows its middle at that zoom.
 * Returns null when there are no boxes or no pane.
 */
export function fitViewport(boxes: readonly NodeBox[], paneWidth: number, paneHeight: number, opts: FitOptions): Viewport | null {
  if (boxes.length === 0 || paneWidth <= 0 || paneHeight <= 0) return null;

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const box of boxes) {
    minX = Math.min(minX, box.x);
    minY = Math.min(minY, box.y);
    maxX = Math.max(maxX, box.x + box.width);
    maxY = Math.max(maxY, box.y + box.height);
  }

  const boundsWidth = Math.max(maxX - minX, 1);
  const boundsHeight = Math.max(maxY - minY, 1);
  const availableWidth = Math.max(paneWidth - 2 * opts.padding, 1);
  const availableHeight = Math.max(paneHeight - 2 * opts.padding, 1);
  const fitZoom = Math.min(availableWidth / boundsWidth, availableHeight / boundsHeight);

  const zoom = Math.min(Math.max(fitZoom, opts.minZoom), opts.maxZoom);
  return {
    x: (paneWidth - boundsWidth * zoom) / 2 - minX * zoom,
    y: (paneHeight - boundsHeight * zoom) / 2 - minY * zoom,
    zoom,
  };
}
