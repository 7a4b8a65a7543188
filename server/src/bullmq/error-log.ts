import type { Logger } from 'pino';

/** Time in ms during which the same error message is counted instead of logged again. */
const REPEAT_WINDOW_MS = 30_000;

/**
 * Logs errors that BullMQ emits on its 'error' event. A lost Redis connection makes ioredis
 * report the same error on every reconnect attempt, so a repeat of the last message within 30 s
 * is only counted, and the count goes out with the next line logged.
 */
export class RepeatedErrorLog {
  private lastMessage: string | undefined;
  private lastLoggedAt = 0;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly message: string,
  ) {}

  log(error: Error): void {
    const now = Date.now();
    if (error.message === this.lastMessage && now - this.lastLoggedAt < REPEAT_WINDOW_MS) {
      this.suppressed += 1;
      return;
    }
    this.logger.error({ err: error, repeatsNotLogged: this.suppressed }, this.message);
    this.lastMessage = error.message;
    this.lastLoggedAt = now;
    this.suppressed = 0;
  }
}
