import { io, type Socket } from 'socket.io-client';
import {
  SocketEvents,
  type ClientToServerEvents,
  type LogEvent,
  type NodeTypesResponse,
  type ServerToClientEvents,
  type StatusEvent,
  type TransferEvent,
} from '@databay-studio/shared';

/** Callbacks that receive the server's live events. */
export interface LiveHandlers {
  /** Log lines in seq order; single `log` events are gathered per animation frame. */
  onLogLines: (lines: LogEvent[]) => void;
  onTransfer: (event: TransferEvent) => void;
  onStatus: (event: StatusEvent) => void;
  onNodeTypes: (response: NodeTypesResponse) => void;
  onFlowChanged: (change: { flowId: string; version?: number; deployed?: boolean; deleted?: boolean }) => void;
  onConnectionChange: (isConnected: boolean) => void;
  /** Highest log seq held for the flow, sent on every (re)subscribe so the server replays only newer lines. */
  highestSeq: (flowId: string) => number;
}

/**
 * The studio's one socket.io connection. It keeps a subscription to the open flow across
 * reconnects and hands events to the handlers. Apart from the flow id, it keeps no state.
 */
export class LiveConnection {
  private readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  private flowId: string | null = null;
  private pendingLines: LogEvent[] = [];
  private flushHandle: ReturnType<typeof scheduleFrame> | null = null;

  /** `url` defaults to the page's own origin; tests pass the address of their server. */
  constructor(
    private readonly handlers: LiveHandlers,
    url?: string,
  ) {
    const opts = { autoConnect: false, transports: ['websocket', 'polling'] };
    this.socket = url ? io(url, opts) : io(opts);

    this.socket.on('connect', () => {
      handlers.onConnectionChange(true);
      if (this.flowId) this.emitSubscribe(this.flowId);
    });
    this.socket.on('disconnect', () => handlers.onConnectionChange(false));

    this.socket.on(SocketEvents.log, (line) => this.queueLines([line]));
    this.socket.on(SocketEvents.logBatch, (lines) => this.queueLines(lines));
    this.socket.on(SocketEvents.transfer, (event) => handlers.onTransfer(event));
    this.socket.on(SocketEvents.status, (event) => handlers.onStatus(event));
    this.socket.on(SocketEvents.nodeTypes, (payload) => handlers.onNodeTypes(payload as NodeTypesResponse));
    this.socket.on(SocketEvents.flowChanged, (change) => handlers.onFlowChanged(change));
  }

  connect(): void {
    this.socket.connect();
  }

  /** Follows another flow: unsubscribes from the previous one and subscribes to this one. */
  follow(flowId: string | null): void {
    if (flowId === this.flowId) return;

    if (this.flowId && this.socket.connected) this.socket.emit(SocketEvents.unsubscribe, { flowId: this.flowId });
    this.flowId = flowId;
    this.pendingLines = [];
    if (flowId && this.socket.connected) this.emitSubscribe(flowId);
  }

  close(): void {
    if (this.flushHandle !== null) cancelFrame(this.flushHandle);
    this.flushHandle = null;
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private emitSubscribe(flowId: string): void {
    const afterSeq = this.handlers.highestSeq(flowId);
    this.socket.emit(SocketEvents.subscribe, afterSeq > 0 ? { flowId, afterSeq } : { flowId });
  }

  // Lines are gathered per frame so a burst of single `log` events commits to the store once.
  private queueLines(lines: LogEvent[]): void {
    this.pendingLines.push(...lines);
    if (this.flushHandle !== null) return;

    this.flushHandle = scheduleFrame(() => {
      this.flushHandle = null;
      const batch = this.pendingLines;
      this.pendingLines = [];
      if (batch.length > 0) this.handlers.onLogLines(batch);
    });
  }
}

// Outside a browser (tests in node) there is no animation frame, so a 16 ms timer replaces it.
function scheduleFrame(callback: () => void): number | ReturnType<typeof setTimeout> {
  if (typeof requestAnimationFrame === 'function') return requestAnimationFrame(callback);
  return setTimeout(callback, 16);
}

function cancelFrame(handle: number | ReturnType<typeof setTimeout>): void {
  if (typeof cancelAnimationFrame === 'function' && typeof handle === 'number') cancelAnimationFrame(handle);
  else clearTimeout(handle);
}
