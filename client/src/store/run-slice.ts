import type { FlowProblem, StatusEvent, TransferEvent, TransferRecord, TransferStatus } from '@databay-studio/shared';
import type { SliceCreator } from './slice';

/** The last finished transfer of a link, as its node shows it. */
export interface LastTransfer {
  update: string;
  status: TransferStatus;
  recordsIn?: number;
  recordsOut?: number;
  durationMs?: number;
  startedAt?: string;
  error?: string;
}

/** Schedule and transfer state of one link node of the deployed flow. */
export interface LinkRunState {
  /** Update of the transfer that is running, or null between transfers. */
  runningUpdate: string | null;
  nextAt?: string;
  /** Next fire times from the last deployment read, the first equal to `nextAt` while they are current. */
  scheduleNext?: string[];
  last?: LastTransfer;
}

/** Run state of the deployed flow: node badges, link transfers and the problems of the last deploy. */
export interface RunSlice {
  statusByNode: Record<string, StatusEvent>;
  linkRuns: Record<string, LinkRunState>;
  deployErrors: FlowProblem[];
  /** The same problems by node id, so a node component reads its own list without re-rendering on others. */
  deployErrorsByNode: Record<string, FlowProblem[]>;
  /** Node types of the deployed flow whose definition changed since the deploy; they run their old code. */
  staleTypes: string[];

  receiveStatus: (event: StatusEvent) => void;
  receiveTransfer: (event: TransferEvent) => void;
  applyLinkDeployment: (
    links: { linkId: string; nextAt?: string; nextTransferAt?: string; lastTransfer?: TransferRecord; schedule?: { next: string[] } }[],
  ) => void;
  setDeployErrors: (errors: FlowProblem[]) => void;
  setStaleTypes: (types: string[]) => void;
  clearRunState: () => void;
}

export const createRunSlice: SliceCreator<RunSlice> = (set, get) => ({
  statusByNode: {},
  linkRuns: {},
  deployErrors: [],
  deployErrorsByNode: {},
  staleTypes: [],

  receiveStatus: (event) => {
    const { flowId, statusByNode } = get();
    if (event.flowId !== flowId) return;

    set({ statusByNode: { ...statusByNode, [event.nodeId]: event } });
  },

  receiveTransfer: (event) => {
    const { flowId, linkRuns } = get();
    if (event.flowId !== flowId) return;

    const previous = linkRuns[event.linkId] ?? { runningUpdate: null };
    const nextRun: LinkRunState =
      event.phase === 'start'
        ? { ...previous, runningUpdate: event.update, nextAt: event.nextAt ?? previous.nextAt }
        : {
            runningUpdate: previous.runningUpdate === event.update ? null : previous.runningUpdate,
            nextAt: event.nextAt ?? previous.nextAt,
            last: {
              update: event.update,
              status: event.status ?? 'ok',
              recordsIn: event.recordsIn,
              recordsOut: event.recordsOut,
              durationMs: event.durationMs,
              startedAt: event.startedAt,
            },
          };

    set({ linkRuns: { ...linkRuns, [event.linkId]: nextRun } });
  },

  applyLinkDeployment: (links) => {
    const { linkRuns } = get();

    const nextRuns = { ...linkRuns };
    for (const link of links) {
      const previous = nextRuns[link.linkId] ?? { runningUpdate: null };
      const record = link.lastTransfer;
      nextRuns[link.linkId] = {
        ...previous,
        nextAt: link.nextAt ?? link.nextTransferAt,
        scheduleNext: link.schedule?.next ?? previous.scheduleNext,
        last: record
          ? {
              update: record.update,
              status: record.status,
              recordsIn: record.recordsIn,
              recordsOut: record.recordsOut,
              durationMs: record.durationMs,
              startedAt: record.startedAt,
              error: record.error,
            }
          : previous.last,
      };
    }

    set({ linkRuns: nextRuns });
  },

  setDeployErrors: (errors) => {
    const byNode: Record<string, FlowProblem[]> = {};
    for (const error of errors) (byNode[error.nodeId] ??= []).push(error);

    set({ deployErrors: errors, deployErrorsByNode: byNode });
  },

  setStaleTypes: (types) => {
    const { staleTypes } = get();
    if (types.length === staleTypes.length && types.every((type, index) => type === staleTypes[index])) return;

    set({ staleTypes: types });
  },

  clearRunState: () => set({ statusByNode: {}, linkRuns: {}, deployErrors: [], deployErrorsByNode: {}, staleTypes: [] }),
});
