import { describe, expect, it } from 'vitest';
import { NodeSchedulePlanner } from './planner.js';
import { memoryLogger } from './test-support/nodes.js';

describe('planner event listeners that throw', () => {
  it('are logged, and start and shutdown complete', async () => {
    const { logger, lines } = memoryLogger();
    const planner = new NodeSchedulePlanner({ logger });
    planner.on('started', () => {
      throw new Error('dashboard is down');
    });
    planner.on('stopped', () => {
      throw new Error('dashboard is still down');
    });

    await planner.start();
    expect(planner.running).toBe(true);
    await planner.shutdown();

    expect(planner.running).toBe(false);
    const failures = lines.filter((line) => line.msg === 'a planner event listener threw');
    expect(failures.map((line) => line.event)).toEqual(['started', 'stopped']);
    expect(failures.map((line) => (line.err as { message: string }).message)).toEqual(['dashboard is down', 'dashboard is still down']);
  });
});
