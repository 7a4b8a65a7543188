import type { Logger } from 'pino';
import { engineLogger } from '../engine/logger.js';

/**
 * Logger the built-in nodes use when none is passed in their options, under the engine's logger
 * so that one level setting (DATABAY_LOG_LEVEL) covers both. Node type definitions pass the
 * context's logger instead, which is bound to the flow and node ids.
 */
export const defaultNodeLogger: Logger = engineLogger.child({ component: 'nodes' });
