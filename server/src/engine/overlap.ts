/**
 * Policy of a planner for a tick of a link without an overlap option of its own: 'skip' drops
 * the tick and reports it. A link's own `overlap` of 'queue' or 'parallel' goes through its
 * OverlapGate instead (see server/src/schedule).
 */
export type PlannerOverlapPolicy = 'skip';

export type TickDecision = 'start' | 'skip';

/** Decides whether a tick starts a transfer, given whether the link is still transferring. */
export function decideTick(policy: PlannerOverlapPolicy, linkRunning: boolean): TickDecision {
  if (!linkRunning) return 'start';
  switch (policy) {
    case 'skip':
      return 'skip';
  }
}
