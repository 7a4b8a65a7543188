import pino, { type Logger } from 'pino';
import type { LogLevel } from '@databay-studio/shared';
import type { LiveHub } from '../live/live-hub.js';
import { logSerializers } from '../../engine/logger.js';

export interface FlowLoggerOptions {
  flowId: string;
  hub: LiveHub;
  /** The server's logger; lines it would log are written there too. */
  serverLogger: Logger;
  /** Hides secrets in messages and error texts. */
  scrub: (text: string) => string;
  /** Lowest level that reaches the live log. */
  level?: LogLevel;
}

interface PinoLine {
  level: number;
  time?: string | number;
  msg?: string;
  nodeId?: string;
  linkId?: string;
  update?: string;
  err?: LoggedError;
  [key: string]: unknown;
}

/** An error as pino's `errWithCause` serializer writes it. */
interface LoggedError {
  message?: string;
  stack?: string;
  type?: string;
  cause?: LoggedError;
}

const LEVEL_LABELS = pino.levels.labels as Record<number, LogLevel>;

/**
 * Creates the pino logger behind node loggers of one flow: each line it writes is parsed and
 * appended to the flow's live log, and passed on to the server's logger.
 */
export function createFlowLogger(options: FlowLoggerOptions): Logger {
  const { flowId, hub, serverLogger, scrub } = options;

  const destination = {
    write(text: string): void {
      let line: PinoLine;
      try {
        line = JSON.parse(text) as PinoLine;
      } catch {
        hub.appendLog(flowId, { level: 'info', message: scrub(text.trim()) });
        return;
      }

      const level = LEVEL_LABELS[line.level] ?? 'info';
      const message = scrub(line.msg ?? line.err?.message ?? '');
      const stack = line.err ? stackWithCauses(line.err) : undefined;
      const error = line.err
        ? { message: scrub(line.err.message ?? ''), ...(stack ? { stack: scrub(stack) } : {}) }
        : undefined;
      hub.appendLog(flowId, {
        level,
        message,
        time: typeof line.time === 'string' ? line.time : undefined,
        nodeId: line.nodeId,
        linkId: line.linkId,
        update: typeof line.update === 'string' ? line.update : undefined,
        error,
      });

      if (serverLogger.isLevelEnabled(level)) {
        serverLogger[level]({ flowId, nodeId: line.nodeId, linkId: line.linkId, ...(error ? { err: error } : {}) }, message);
      }
    },
  };

  return pino(
    {
      level: options.level ?? 'debug',
      base: { flowId },
      serializers: logSerializers,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** Joins an error's stack with those of its causes, so the live log shows where the cause was thrown. */
function stackWithCauses(error: LoggedError): string | undefined {
  const parts: string[] = [];
  for (let current: LoggedError | undefined = error; current && parts.length < 10; current = current.cause) {
    if (current.stack) parts.push(current.stack);
  }
  return parts.length > 0 ? parts.join('\ncaused by: ') : undefined;
}
