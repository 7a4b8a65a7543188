import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';

/**
 * Emits `name` on `emitter` and logs a listener that throws, so that a start or a shutdown that
 * announces itself still completes. `subject` names the emitter in that log line.
 */
export function emitSafely(emitter: object, logger: Logger, subject: string, name: string, args: readonly unknown[]): void {
  try {
    // Called through the prototype because the typed emitters narrow `emit` to their own events.
    (EventEmitter.prototype.emit as (this: unknown, name: string, ...args: unknown[]) => boolean).call(emitter, name, ...args);
  } catch (error) {
    logger.error({ err: error, event: name }, `a ${subject} event listener threw`);
  }
}
