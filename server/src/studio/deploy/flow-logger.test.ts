import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { TransferError } from '../../engine/errors.js';
import type { LiveHub } from '../live/live-hub.js';
import { createFlowLogger } from './flow-logger.js';

interface AppendedLine {
  level: string;
  message: string;
  error?: { message: string; stack?: string };
}

/** Creates a flow logger whose live-log lines land in an array. */
function flowLogger() {
  const appended: AppendedLine[] = [];
  const hub = { appendLog: (_flowId: string, line: AppendedLine) => void appended.push(line) } as unknown as LiveHub;
  const logger = createFlowLogger({ flowId: 'flow-1', hub, serverLogger: pino({ level: 'silent' }), scrub: (text) => text });
  return { logger, appended };
}

describe('createFlowLogger errors', () => {
  it('gives the error message once', () => {
    const { logger, appended } = flowLogger();
    const error = new TransferError('l1', 'weather.3', 'inlet', 'feed', new Error('HTTP 503 from the feed'));

    logger.error({ err: error }, 'transfer failed');

    expect(appended[0].error?.message).toBe(error.message);
    expect(appended[0].error?.message.match(/HTTP 503 from the feed/g)).toHaveLength(1);
  });

  it('shows where the cause was thrown', () => {
    const { logger, appended } = flowLogger();
    const cause = new Error('HTTP 503 from the feed');
    const error = new TransferError('l1', 'weather.3', 'inlet', 'feed', cause);

    logger.error({ err: error }, 'transfer failed');

    const stack = appended[0].error?.stack ?? '';
    expect(stack).toContain('caused by: Error: HTTP 503 from the feed');
    expect(stack.indexOf('TransferError')).toBeLessThan(stack.indexOf('caused by'));
  });
});
