import pino, { type Logger } from 'pino';
import { logSerializers } from '../../engine/logger.js';

interface WritableDestination {
  write(line: string): unknown;
}

/**
 * Returns a logger that writes to the same destination as `parent`, at its level and with its
 * bindings, but passes every line through `scrub` first. Links and planners log errors thrown by
 * nodes, and those messages may quote a secret config value, such as a connection string.
 */
export function createScrubbedLogger(parent: Logger, scrub: (text: string) => string, hasSecrets: boolean): Logger {
  if (!hasSecrets) return parent;

  const destination = (parent as unknown as Record<symbol, WritableDestination | undefined>)[pino.symbols.streamSym];
  if (!destination || typeof destination.write !== 'function') return parent;

  return pino(
    { level: parent.level, base: { pid: process.pid, ...parent.bindings() }, serializers: logSerializers },
    { write: (line: string) => destination.write(scrub(line)) },
  );
}
