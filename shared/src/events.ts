/** Names of the socket.io events between the studio's server and its browsers. */
export const SocketEvents = {
  subscribe: 'subscribe',
  unsubscribe: 'unsubscribe',
  log: 'log',
  logBatch: 'log-batch',
  transfer: 'transfer',
  status: 'status',
  nodeTypes: 'node-types',
  flowChanged: 'flow-changed',
} as const;

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
export const LOG_LEVELS: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

export type TransferStatus = 'ok' | 'failed' | 'skipped';
export type NodeState = 'idle' | 'running' | 'ok' | 'error';

export interface SubscribeRequest {
  flowId: string;
  /** Last `seq` the client holds; the server replays the stored lines after it. */
  afterSeq?: number;
}

/** One log line of a flow. */
export interface LogEvent {
  /** Rises by one per flow, across restarts; clients drop lines whose seq they already hold. */
  seq: number;
  /** ISO 8601 time. */
  time: string;
  level: LogLevel;
  flowId: string;
  linkId?: string;
  nodeId?: string;
  /** The update of the transfer the line is about, e.g. `quakes.12`. */
  update?: string;
  message: string;
  error?: { message: string; stack?: string };
}

/** Start and end of one transfer of a link. */
export interface TransferEvent {
  flowId: string;
  linkId: string;
  update: string;
  phase: 'start' | 'end';
  /** ISO 8601 time the transfer started. */
  startedAt?: string;
  recordsIn?: number;
  recordsOut?: number;
  durationMs?: number;
  status?: TransferStatus;
  /** Time of the link's next scheduled transfer, when known (ISO 8601). */
  nextAt?: string;
}

/** State of one node of a deployed flow, for its badge on the canvas. */
export interface StatusEvent {
  flowId: string;
  nodeId: string;
  state: NodeState;
  text: string;
}

/** Events the server sends to browsers. */
export interface ServerToClientEvents {
  /** One log line. A burst may come as `log-batch` instead. */
  log: (event: LogEvent) => void;
  /** Log lines in `seq` order; sent in place of single `log` events when lines come fast, and for replays. */
  'log-batch': (events: LogEvent[]) => void;
  /** A transfer started or ended. */
  transfer: (event: TransferEvent) => void;
  /** A node's state changed. */
  status: (event: StatusEvent) => void;
  /** The registered node types changed (a plugin reload). */
  'node-types': (payload: { nodeTypes: unknown[]; problems: unknown[] }) => void;
  /** A flow was saved, deployed, stopped or deleted. */
  'flow-changed': (payload: { flowId: string; version?: number; deployed?: boolean; deleted?: boolean }) => void;
}

/** Events browsers send to the server. */
export interface ClientToServerEvents {
  /** Start receiving a flow's events; the server first replays its stored log lines after `afterSeq`. */
  subscribe: (request: SubscribeRequest) => void;
  /** Stop receiving a flow's events. */
  unsubscribe: (request: { flowId: string }) => void;
}
