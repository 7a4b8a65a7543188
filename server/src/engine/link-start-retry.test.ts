import { afterEach, describe, expect, it } from 'vitest';
import type { NodeFailedEvent, TransferFinishedEvent } from './events.js';
import { Inlet } from './inlet.js';
import { Link } from './link.js';
import { NodeSchedulePlanner } from './planner.js';
import { CollectOutlet, memoryLogger, silentLogger, waitFor } from './test-support/nodes.js';
import type { Update } from './update.js';

/** An inlet whose onStart fails a given number of times, like a database that comes up late. */
class LateInlet extends Inlet {
  starts = 0;
  shutdowns = 0;
  private connected = false;

  constructor(private readonly failedStarts: number) {
    super({ name: 'late-db' });
  }

  override onStart(): void {
    this.starts += 1;
    if (this.starts <= this.failedStarts) throw new Error(`connection refused (attempt ${this.starts})`);
    this.connected = true;
  }

  override onShutdown(): void {
    this.shutdowns += 1;
    this.connected = false;
  }

  pull(update: Update): unknown {
    if (!this.connected) throw new Error('not connected');
    return `row of ${update.toString()}`;
  }
}

const links: Link[] = [];

afterEach(async () => {
  for (const link of links.splice(0)) {
    while (link.started) await link.shutdown().catch(() => undefined);
  }
});

function makeLink(inlet: Inlet, outlet: CollectOutlet, logger = silentLogger): Link {
  const link = new Link({ id: 'retry', inlets: [inlet], outlets: [outlet], interval: 1_000, ignoreExceptions: true, logger });
  links.push(link);
  return link;
}

describe('onStart retry with ignoreExceptions', () => {
  it('retries before each transfer until the node starts', async () => {
    const inlet = new LateInlet(2);
    const outlet = new CollectOutlet();
    const { logger, lines } = memoryLogger();
    const link = makeLink(inlet, outlet, logger);
    const failures: NodeFailedEvent[] = [];
    link.on('nodeFailed', (event) => failures.push(event));

    await link.start();
    const first = await link.transfer();
    const second = await link.transfer();
    const third = await link.transfer();

    expect(inlet.starts).toBe(3);
    // The link's start fails once, and the first transfer's retry fails again before its pull.
    expect(failures.map((event) => event.stage)).toEqual(['start', 'start', 'inlet']);
    expect(first.recordsInTotal).toBe(0);
    expect(second.recordsInTotal).toBe(1);
    expect(third.recordsInTotal).toBe(1);
    expect(outlet.records.map((record) => record.payload)).toEqual(['row of 1', 'row of 2']);
    expect(link.hasUnstartedNodes).toBe(false);
    expect(lines.some((line) => line.msg === 'node started on retry' && line.nodeName === 'late-db')).toBe(true);
  });

  it('stops retrying once the node started', async () => {
    const inlet = new LateInlet(1);
    const link = makeLink(inlet, new CollectOutlet());

    await link.start();
    for (let transfer = 0; transfer < 3; transfer += 1) await link.transfer();

    expect(inlet.starts).toBe(2);
  });

  it('shuts down a node that started on retry', async () => {
    const inlet = new LateInlet(1);
    const link = makeLink(inlet, new CollectOutlet());

    await link.start();
    await link.transfer();
    await link.shutdown();

    expect(inlet.shutdowns).toBe(1);
    expect(link.hasUnstartedNodes).toBe(false);
  });

  it('retries on the ticks of a planner', async () => {
    const inlet = new LateInlet(2);
    const outlet = new CollectOutlet();
    const link = makeLink(inlet, outlet);
    const finished: TransferFinishedEvent[] = [];
    link.on('transferFinished', (event) => finished.push(event));
    const planner = new NodeSchedulePlanner({ links: [link], ignoreExceptions: true, logger: silentLogger });

    await planner.start();
    await waitFor(() => outlet.records.length > 0, 5_000);
    await planner.shutdown({ wait: true });

    expect(inlet.starts).toBe(3);
    expect(finished.length).toBeGreaterThanOrEqual(2);
    expect(inlet.shutdowns).toBe(1);
  });
});
