/**
 * Policy of a planner for a link's tick that comes while its previous transfer still runs.
 * 'skip' drops the tick and reports it. 'queue' (run right after) and 'parallel' (run anyway)
 * would be added here, with their branch in `decideTick`.
 */
export type OverlapPolicy = 'skip';

export type TickDecision = 'start' | 'skip';

/** Decides whether a tick starts a transfer, given whether the link is still transferring. */
export function decideTick(policy: OverlapPolicy, linkRunning: boolean): TickDecision {
  if (!linkRunning) return 'start';
  switch (policy) {
    case 'skip':
      return 'skip';
  }
}
