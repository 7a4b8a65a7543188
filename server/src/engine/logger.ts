import { pino, type Logger } from 'pino';

/**
 * Serializers for Databay's loggers. Errors keep their `cause` as a nested object, because the
 * engine's errors already quote their cause in their message, and pino's default `err`
 * serializer would append it to the message once more.
 */
export const logSerializers = { err: pino.stdSerializers.errWithCause };

/**
 * Logger of links and planners that were given none. Its level comes from DATABAY_LOG_LEVEL
 * (default 'info'); transfers log at 'debug', skips and ignored failures at 'warn' and 'error'.
 */
export const engineLogger: Logger = pino({
  name: 'databay-engine',
  level: process.env.DATABAY_LOG_LEVEL ?? 'info',
  serializers: logSerializers,
});

export type { Logger };
