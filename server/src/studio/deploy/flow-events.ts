import type { Logger } from 'pino';
import type { NodeState, NodeTransferCounts, TransferRecord } from '@databay-studio/shared';
import type { NodeFailedEvent, TransferFinishedEvent, TransferSkippedEvent, TransferStartedEvent } from '../../engine/events.js';
import type { LiveHub } from '../live/live-hub.js';
import type { TransferStore } from '../store/transfer-store.js';
import type { CompiledFlow } from './compile.js';
import type { FlowPlanner, FlowPlannerEvents } from './flow-planner.js';

export interface FlowEventsContext {
  flowId: string;
  compiled: CompiledFlow;
  planner: FlowPlanner;
  hub: LiveHub;
  transfers: TransferStore;
  /** The server's logger, bound to the flow id. */
  logger: Logger;
  scrub: (text: string) => string;
}

const numberFormat = new Intl.NumberFormat('en-US');

/** Formats a count with thousands separators, e.g. 1,707. */
export function formatCount(count: number): string {
  return numberFormat.format(count);
}

/** Formats a record count with its noun, e.g. "1 record" or "1,707 records". */
export function formatRecords(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'record' : 'records'}`;
}

/**
 * Turns a deployed flow's planner events into live log lines, transfer and status events, and
 * transfer history. Returns a function that removes the listeners.
 */
export function attachFlowEvents(context: FlowEventsContext): () => void {
  const { flowId, compiled, planner, hub, transfers, logger, scrub } = context;
  const runningUpdates = new Map<string, string>();
  // Nodes that failed in the running transfer of a link, so its end does not mark them ok.
  const failedNodes = new Map<string, Set<string>>();

  const setStatus = (nodeId: string, state: NodeState, text: string) => hub.emitStatus({ flowId, nodeId, state, text });

  const membersOf = (linkId: string) => compiled.members.get(linkId) ?? { inlets: [], outlets: [] };

  const onStarted = ({ link, update, startedAt }: TransferStartedEvent) => {
    const name = update.toString();
    runningUpdates.set(link.id, name);
    failedNodes.set(link.id, new Set());

    hub.appendLog(flowId, { level: 'info', linkId: link.id, update: name, message: `Transfer ${name} started` });
    hub.emitTransfer({ flowId, linkId: link.id, update: name, phase: 'start', startedAt: startedAt.toISOString() });

    const text = `Transfer ${name} running`;
    setStatus(link.id, 'running', text);
    const member = membersOf(link.id);
    for (const nodeId of [...member.inlets, ...member.outlets]) setStatus(nodeId, 'running', text);
  };

  const onFinished = (event: TransferFinishedEvent) => {
    const { link, update, startedAt, durationMs, status } = event;
    const name = update.toString();
    const duration = Math.round(durationMs);
    const errorMessage = event.error ? scrub(event.error.message) : undefined;
    runningUpdates.delete(link.id);

    const record: TransferRecord = {
      linkId: link.id,
      update: name,
      startedAt: startedAt.toISOString(),
      durationMs: duration,
      recordsIn: event.recordsInTotal,
      recordsOut: event.recordsOutTotal,
      status,
      ...(errorMessage !== undefined ? { error: errorMessage } : {}),
      nodes: nodeCounts(event),
    };
    try {
      transfers.add(flowId, record);
    } catch (error) {
      logger.error({ err: error, linkId: link.id, update: name }, 'Storing a transfer failed');
    }

    const counts = `${formatRecords(event.recordsInTotal)} in, ${formatCount(event.recordsOutTotal)} out in ${formatCount(duration)} ms`;
    if (status === 'ok') {
      hub.appendLog(flowId, { level: 'info', linkId: link.id, update: name, message: `Transfer ${name} finished: ${counts}` });
      logger.debug({ linkId: link.id, update: name, recordsIn: event.recordsInTotal, recordsOut: event.recordsOutTotal, durationMs: duration }, 'Transfer finished');
    } else {
      hub.appendLog(flowId, {
        level: 'error',
        linkId: link.id,
        update: name,
        message: `Transfer ${name} failed: ${errorMessage ?? 'unknown error'} (${counts})`,
        ...(event.error ? { error: { message: errorMessage ?? '', stack: scrub(event.error.stack ?? '') } } : {}),
      });
      logger.warn({ linkId: link.id, update: name, err: event.error ? { message: errorMessage } : undefined }, 'Transfer failed');
    }

    const emitEnd = (nextAt: Date | undefined) =>
      hub.emitTransfer({
        flowId,
        linkId: link.id,
        update: name,
        phase: 'end',
        startedAt: record.startedAt,
        recordsIn: event.recordsInTotal,
        recordsOut: event.recordsOutTotal,
        durationMs: duration,
        status,
        ...(nextAt ? { nextAt: nextAt.toISOString() } : {}),
      });
    const nextAt = planner.nextTransferAt(link);
    if (nextAt instanceof Promise) {
      // The BullMQ planner reads the time from Redis, so the end event waits for the reply. The node
      // states below are still set now, because a 'Stopped' state set meanwhile must stay last.
      nextAt
        .catch((error: unknown) => {
          logger.warn({ err: error, linkId: link.id }, 'Reading the next transfer time failed; the transfer end event has none');
          return undefined;
        })
        .then(emitEnd)
        .catch((error: unknown) => logger.error({ err: error, linkId: link.id, update: name }, 'Sending the transfer end event failed'));
    } else {
      emitEnd(nextAt);
    }

    const failed = failedNodes.get(link.id) ?? new Set<string>();
    failedNodes.delete(link.id);
    for (const { inlet, count } of event.recordsIn) {
      const nodeId = compiled.nodeIdOf(inlet);
      if (nodeId && !failed.has(nodeId)) setStatus(nodeId, 'ok', `${formatRecords(count)} · ${formatCount(duration)} ms`);
    }
    for (const { outlet, count } of event.recordsOut) {
      const nodeId = compiled.nodeIdOf(outlet);
      if (nodeId && !failed.has(nodeId)) setStatus(nodeId, 'ok', `${formatRecords(count)} · ${formatCount(duration)} ms`);
    }
    if (status === 'ok') {
      setStatus(link.id, 'ok', `${formatCount(event.recordsInTotal)} in · ${formatCount(event.recordsOutTotal)} out · ${formatCount(duration)} ms`);
    } else {
      setStatus(link.id, 'error', errorMessage ?? 'Transfer failed');
    }
  };

  const nodeCounts = (event: TransferFinishedEvent): Record<string, NodeTransferCounts> => {
    const nodes: Record<string, NodeTransferCounts> = {};
    for (const { inlet, count } of event.recordsIn) {
      const nodeId = compiled.nodeIdOf(inlet);
      if (nodeId) nodes[nodeId] = { ...nodes[nodeId], recordsIn: (nodes[nodeId]?.recordsIn ?? 0) + count };
    }
    for (const { outlet, count } of event.recordsOut) {
      const nodeId = compiled.nodeIdOf(outlet);
      if (nodeId) nodes[nodeId] = { ...nodes[nodeId], recordsOut: (nodes[nodeId]?.recordsOut ?? 0) + count };
    }
    return nodes;
  };

  const onSkipped = ({ link, scheduledAt, reason, missedTicks }: TransferSkippedEvent) => {
    const running = runningUpdates.get(link.id);
    const message =
      reason === 'overlap'
        ? `Transfer skipped at ${scheduledAt.toISOString()}: transfer ${running ?? 'of this link'} was still running. Raise the link's interval if this repeats.`
        : `${formatCount(missedTicks)} scheduled ${missedTicks === 1 ? 'transfer' : 'transfers'} missed from ${scheduledAt.toISOString()}: the server was busy.`;
    hub.appendLog(flowId, { level: 'warn', linkId: link.id, ...(running ? { update: running } : {}), message });
    logger.warn({ linkId: link.id, reason, missedTicks }, 'Transfer skipped');
    try {
      transfers.add(flowId, {
        linkId: link.id,
        update: running ?? '',
        startedAt: scheduledAt.toISOString(),
        durationMs: 0,
        recordsIn: 0,
        recordsOut: 0,
        status: 'skipped',
        error: message,
      });
    } catch (error) {
      logger.error({ err: error, linkId: link.id }, 'Storing a skipped transfer failed');
    }
  };

  const onNodeFailed = ({ link, update, stage, node, nodeName, error }: NodeFailedEvent) => {
    const nodeId = compiled.nodeIdOf(node);
    const name = update?.toString();
    const message = scrub(error?.message ?? String(error));
    const where = nodeId ? `Node "${nodeId}"` : `"${nodeName}" of link "${link.id}"`;
    hub.appendLog(flowId, {
      level: 'error',
      linkId: link.id,
      ...(nodeId ? { nodeId } : {}),
      ...(name ? { update: name } : {}),
      message: `${where} failed in ${stage}: ${message}`,
      error: { message, ...(error?.stack ? { stack: scrub(error.stack) } : {}) },
    });
    logger.error({ linkId: link.id, nodeId, nodeName, stage, update: name, err: { message, stack: error?.stack && scrub(error.stack) } }, 'Node failed');

    if (nodeId) {
      failedNodes.get(link.id)?.add(nodeId);
      setStatus(nodeId, 'error', message);
    }
  };

  const onPlannerStarted = ({ startedAt }: FlowPlannerEvents['started'][0]) => {
    hub.appendLog(flowId, {
      level: 'info',
      message: `Planner started at ${startedAt.toISOString()} with ${compiled.links.length} ${compiled.links.length === 1 ? 'link' : 'links'}`,
    });
  };

  const onPlannerStopped = ({ error }: FlowPlannerEvents['stopped'][0]) => {
    if (error) {
      const message = scrub(error.message);
      hub.appendLog(flowId, { level: 'error', message: `Planner stopped: ${message}`, error: { message, stack: scrub(error.stack ?? '') } });
      logger.error({ err: { message } }, 'Planner stopped after a failure');
    } else {
      hub.appendLog(flowId, { level: 'info', message: 'Planner stopped' });
    }
    for (const linkId of compiled.members.keys()) setStatus(linkId, 'idle', 'Stopped');
    for (const nodeId of compiled.nodes.keys()) setStatus(nodeId, 'idle', 'Stopped');
  };

  // A listener that throws would land in the engine's transfer code, so each one logs its own failure.
  const guard =
    <Event>(name: string, listener: (event: Event) => void) =>
    (event: Event) => {
      try {
        listener(event);
      } catch (error) {
        logger.error({ err: error, event: name }, 'Handling a planner event failed');
      }
    };

  const listeners = {
    transferStarted: guard('transferStarted', onStarted),
    transferFinished: guard('transferFinished', onFinished),
    transferSkipped: guard('transferSkipped', onSkipped),
    nodeFailed: guard('nodeFailed', onNodeFailed),
    started: guard('started', onPlannerStarted),
    stopped: guard('stopped', onPlannerStopped),
  };
  planner.on('transferStarted', listeners.transferStarted);
  planner.on('transferFinished', listeners.transferFinished);
  planner.on('transferSkipped', listeners.transferSkipped);
  planner.on('nodeFailed', listeners.nodeFailed);
  planner.on('started', listeners.started);
  planner.on('stopped', listeners.stopped);

  return () => {
    planner.off('transferStarted', listeners.transferStarted);
    planner.off('transferFinished', listeners.transferFinished);
    planner.off('transferSkipped', listeners.transferSkipped);
    planner.off('nodeFailed', listeners.nodeFailed);
    planner.off('started', listeners.started);
    planner.off('stopped', listeners.stopped);
  };
}
