/**
 * Time-grid arithmetic for interval scheduling. A link's transfers are due at
 * `anchorMs + index * intervalMs`, computed from the anchor every time, so rounding never
 * accumulates into drift and an interval needs no cron approximation.
 */

export interface GridPoint {
  /** Position on the grid; index 0 is the anchor itself. */
  index: number;
  /** Epoch milliseconds of this grid point, rounded up so a tick never fires early. */
  atMs: number;
  /** Grid points after the previous one and before this one, all already past. */
  missed: number;
}

/** Epoch milliseconds of grid point `index`, rounded up to a whole millisecond. */
export function gridTime(anchorMs: number, intervalMs: number, index: number): number {
  return Math.ceil(anchorMs + index * intervalMs);
}

/**
 * Finds the first grid point after `previousIndex` that lies strictly after `nowMs`.
 * When the process was blocked past later grid points, those are counted in `missed`.
 */
export function nextGridPoint(anchorMs: number, intervalMs: number, previousIndex: number, nowMs: number): GridPoint {
  let index = previousIndex + 1;

  if (gridTime(anchorMs, intervalMs, index) <= nowMs) {
    index = Math.floor((nowMs - anchorMs) / intervalMs) + 1;
    // Floating point may put the quotient one step short; step on until the point is in the future.
    while (gridTime(anchorMs, intervalMs, index) <= nowMs) index += 1;
  }

  return { index, atMs: gridTime(anchorMs, intervalMs, index), missed: index - previousIndex - 1 };
}
