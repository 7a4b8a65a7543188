import { pino, type Logger } from 'pino';

/**
 * Logger of links and planners that were given none. Its level comes from DATABAY_LOG_LEVEL
 * (default 'info'); transfers log at 'debug', skips and ignored failures at 'warn' and 'error'.
 */
export const engineLogger: Logger = pino({
  name: 'databay-engine',
  level: process.env.DATABAY_LOG_LEVEL ?? 'info',
});

export type { Logger };
