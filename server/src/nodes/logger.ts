import pino, { type Logger } from 'pino';

/**
 * Logger the built-in nodes use when none is passed in their options. Node type definitions pass
 * the context's logger instead, which is bound to the flow and node ids.
 */
export const defaultNodeLogger: Logger = pino({ name: 'databay-studio-nodes', level: process.env.LOG_LEVEL ?? 'info' });
