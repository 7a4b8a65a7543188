import { pino, type Logger } from 'pino';
import { logSerializers } from '../engine/logger.js';

/** Logger of the plugin loader when the server gives it none; level from DATABAY_LOG_LEVEL (default 'info'). */
export const registryLogger: Logger = pino({
  name: 'databay-node-types',
  level: process.env.DATABAY_LOG_LEVEL ?? 'info',
  serializers: logSerializers,
});
