import { describe, expect, it } from 'vitest';
import { OverlapGate } from './overlap-gate.js';

describe('OverlapGate', () => {
  it('skips ticks while a transfer runs by default', () => {
    const gate = new OverlapGate();

    expect(gate.tick()).toBe('start');
    expect(gate.tick()).toBe('skip');
    expect(gate.finish()).toBe(false);
    expect(gate.running).toBe(0);
    expect(gate.tick()).toBe('start');
  });

  it('queues one tick at most', () => {
    const gate = new OverlapGate({ overlap: 'queue' });

    expect(gate.tick()).toBe('start');
    expect(gate.tick()).toBe('queue');
    expect(gate.tick()).toBe('skip');
    expect(gate.waiting).toBe(1);

    // The waiting tick takes the place of the finished transfer.
    expect(gate.finish()).toBe(true);
    expect(gate.running).toBe(1);
    expect(gate.waiting).toBe(0);
    expect(gate.finish()).toBe(false);
    expect(gate.running).toBe(0);
  });

  it('runs up to maxConcurrent in parallel', () => {
    const gate = new OverlapGate({ overlap: 'parallel', maxConcurrent: 3 });

    expect([gate.tick(), gate.tick(), gate.tick(), gate.tick()]).toEqual(['start', 'start', 'start', 'skip']);
    expect(gate.running).toBe(3);
    gate.finish();
    expect(gate.tick()).toBe('start');
  });

  it('defaults parallel to two transfers', () => {
    const gate = new OverlapGate({ overlap: 'parallel' });

    expect([gate.tick(), gate.tick(), gate.tick()]).toEqual(['start', 'start', 'skip']);
  });

  it('drops the waiting tick on shutdown', () => {
    const gate = new OverlapGate({ overlap: 'queue' });
    gate.tick();
    gate.tick();

    expect(gate.dropWaiting()).toBe(true);
    expect(gate.finish()).toBe(false);
  });

  it('rejects finish without a running transfer', () => {
    expect(() => new OverlapGate().finish()).toThrow('no transfer running');
  });
});
