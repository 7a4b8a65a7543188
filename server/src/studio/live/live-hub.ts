import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import {
  SocketEvents,
  type ClientToServerEvents,
  type LogEvent,
  type LogLevel,
  type ServerToClientEvents,
  type StatusEvent,
  type TransferEvent,
} from '@databay-studio/shared';
import type { LogStore } from '../store/log-store.js';

export type StudioSocketServer = Server<ClientToServerEvents, ServerToClientEvents>;
export type StudioSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** A log line before the hub gives it a seq (and a time, when it has none). */
export interface LogLineInput {
  level: LogLevel;
  message: string;
  linkId?: string;
  nodeId?: string;
  update?: string;
  error?: { message: string; stack?: string };
  /** ISO 8601; the hub sets the current time when it is missing. */
  time?: string;
}

export interface LiveHubOptions {
  /** Time a line may wait in the buffer before it is stored and sent, in ms. */
  flushIntervalMs?: number;
  /** Number of buffered lines of one flow that triggers a flush at once. */
  maxBatchSize?: number;
  logger?: Logger;
}

interface FlowChannel {
  lastSeq: number;
  buffer: LogEvent[];
  timer: NodeJS.Timeout | undefined;
}

/** Name of the socket.io room of a flow's subscribers. */
export function flowRoom(flowId: string): string {
  return `flow:${flowId}`;
}

/**
 * The live side of the studio: numbers each flow's log lines, stores them and sends them to the
 * flow's subscribers in batches, and relays transfer and status events.
 *
 * A line is buffered per flow and flushed after `flushIntervalMs` or once `maxBatchSize` lines
 * wait. A flush writes the batch in one transaction, then emits one `log` (a single line) or one
 * `log-batch`. Subscribing flushes first and replays from the store in the same tick, then joins
 * the room, so no line falls between the replay and the live stream.
 */
export class LiveHub {
  private io: StudioSocketServer | undefined;
  private readonly channels = new Map<string, FlowChannel>();
  private readonly flushIntervalMs: number;
  private readonly maxBatchSize: number;
  private readonly logger: Logger | undefined;
  private closed = false;

  constructor(
    private readonly store: LogStore,
    options: LiveHubOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 50;
    this.maxBatchSize = options.maxBatchSize ?? 500;
    this.logger = options.logger;
  }

  /** Sends events through this socket.io server from now on. */
  attach(io: StudioSocketServer): void {
    this.io = io;
  }

  /** Adds a line to a flow's log and returns it with its seq; it is stored and sent on the next flush. */
  appendLog(flowId: string, line: LogLineInput): LogEvent {
    const channel = this.channel(flowId);
    channel.lastSeq += 1;

    const event: LogEvent = {
      seq: channel.lastSeq,
      time: line.time ?? new Date().toISOString(),
      level: line.level,
      flowId,
      message: line.message,
    };
    if (line.linkId !== undefined) event.linkId = line.linkId;
    if (line.nodeId !== undefined) event.nodeId = line.nodeId;
    if (line.update !== undefined) event.update = line.update;
    if (line.error !== undefined) event.error = line.error;

    channel.buffer.push(event);
    if (channel.buffer.length >= this.maxBatchSize) {
      this.flush(flowId);
    } else if (channel.timer === undefined && !this.closed) {
      channel.timer = setTimeout(() => this.flush(flowId), this.flushIntervalMs);
      channel.timer.unref();
    }
    return event;
  }

  /** Stores and sends the buffered lines of one flow. */
  flush(flowId: string): void {
    const channel = this.channels.get(flowId);
    if (!channel) return;
    if (channel.timer !== undefined) {
      clearTimeout(channel.timer);
      channel.timer = undefined;
    }
    if (channel.buffer.length === 0) return;

    const batch = channel.buffer;
    channel.buffer = [];

    try {
      this.store.append(flowId, batch);
    } catch (error) {
      // The lines still go to the browsers; only a later replay will miss them.
      this.logger?.error({ err: error, flowId, lines: batch.length }, 'Storing log lines failed');
    }

    if (!this.io) return;
    const room = this.io.to(flowRoom(flowId));
    if (batch.length === 1) room.emit(SocketEvents.log, batch[0]);
    else room.emit(SocketEvents.logBatch, batch);
  }

  flushAll(): void {
    for (const flowId of this.channels.keys()) this.flush(flowId);
  }

  /** Replays a flow's stored lines after `afterSeq` to the socket, then adds it to the flow's room. */
  subscribe(socket: StudioSocket, flowId: string, afterSeq = 0): number {
    this.flush(flowId);

    const lines = this.store.after(flowId, afterSeq);
    for (let start = 0; start < lines.length; start += this.maxBatchSize) {
      socket.emit(SocketEvents.logBatch, lines.slice(start, start + this.maxBatchSize));
    }

    // The default in-memory adapter joins synchronously, so nothing is flushed between the replay and the join.
    void socket.join(flowRoom(flowId));
    return lines.length;
  }

  unsubscribe(socket: StudioSocket, flowId: string): void {
    void socket.leave(flowRoom(flowId));
  }

  emitTransfer(event: TransferEvent): void {
    this.io?.to(flowRoom(event.flowId)).emit(SocketEvents.transfer, event);
  }

  emitStatus(event: StatusEvent): void {
    this.io?.to(flowRoom(event.flowId)).emit(SocketEvents.status, event);
  }

  /** Tells every browser that a flow was saved, deployed, stopped or deleted. */
  emitFlowChanged(payload: { flowId: string; version?: number; deployed?: boolean; deleted?: boolean }): void {
    this.io?.emit(SocketEvents.flowChanged, payload);
  }

  /** Tells every browser that the registered node types changed. */
  emitNodeTypes(payload: { nodeTypes: unknown[]; problems: unknown[] }): void {
    this.io?.emit(SocketEvents.nodeTypes, payload);
  }

  /** Drops a deleted flow's buffered lines and its seq counter. */
  forgetFlow(flowId: string): void {
    const channel = this.channels.get(flowId);
    if (channel?.timer !== undefined) clearTimeout(channel.timer);
    this.channels.delete(flowId);
  }

  /** Flushes every flow and stops scheduling flushes. */
  close(): void {
    this.flushAll();
    this.closed = true;
  }

  private channel(flowId: string): FlowChannel {
    let channel = this.channels.get(flowId);
    if (!channel) {
      channel = { lastSeq: this.store.lastSeq(flowId), buffer: [], timer: undefined };
      this.channels.set(flowId, channel);
    }
    return channel;
  }
}
