import { afterEach, describe, expect, it } from 'vitest';
import { Link, type LinkOptions } from './link.js';
import type { Processor } from './outlet.js';
import type { DataRecord } from './record.js';
import { CollectOutlet, memoryLogger, silentLogger, ValueInlet } from './test-support/nodes.js';

/** A processor that keeps every record until flushed, and takes records back through `restore`. */
function holdingProcessor(): Processor & { held: DataRecord[]; restored: number } {
  const held: DataRecord[] = [];
  const processor = ((records: DataRecord[]) => {
    held.push(...records);
    return [];
  }) as Processor & { held: DataRecord[]; restored: number };
  processor.flush = () => held.splice(0);
  processor.restore = (records) => {
    processor.restored += 1;
    held.unshift(...records);
  };
  processor.held = held;
  processor.restored = 0;
  return processor;
}

const links: Link[] = [];

function makeLink(options: Partial<LinkOptions> & Pick<LinkOptions, 'outlets'>): Link {
  const link = new Link({ interval: 60_000, logger: silentLogger, inlets: [new ValueInlet({ value: [1, 2, 3] })], ...options });
  links.push(link);
  return link;
}

afterEach(async () => {
  for (const link of links.splice(0)) {
    while (link.started) await link.shutdown().catch(() => undefined);
  }
});

const payloads = (records: DataRecord[]) => records.map((record) => record.payload);

describe('undelivered held records on shutdown', () => {
  it('go back to the link processor', async () => {
    const hold = holdingProcessor();
    const { logger, lines } = memoryLogger();
    const link = makeLink({ outlets: [new CollectOutlet({ error: new Error('disk full') })], processors: [hold], logger });

    await link.transfer();
    await link.shutdown();

    expect(payloads(hold.held)).toEqual([1, 2, 3]);
    expect(hold.restored).toBe(1);
    expect(lines.some((line) => line.msg.startsWith('held records returned to their processor') && line.count === 3)).toBe(true);
  });

  it('stay released when delivered', async () => {
    const hold = holdingProcessor();
    const outlet = new CollectOutlet();
    const link = makeLink({ outlets: [outlet], processors: [hold] });

    await link.transfer();
    await link.shutdown();

    expect(payloads(outlet.records)).toEqual([1, 2, 3]);
    expect(hold.held).toEqual([]);
    expect(hold.restored).toBe(0);
  });

  it('go back when one of two outlets fails', async () => {
    const hold = holdingProcessor();
    const working = new CollectOutlet({ name: 'working' });
    const failing = new CollectOutlet({ name: 'failing', error: new Error('disk full') });
    const link = makeLink({ outlets: [working, failing], processors: [hold], ignoreExceptions: true });

    await link.transfer();
    await link.shutdown();

    // At least once: the working outlet got them and gets them again after the next start.
    expect(payloads(working.records)).toEqual([1, 2, 3]);
    expect(payloads(hold.held)).toEqual([1, 2, 3]);
  });

  it('go back to the outlet processor', async () => {
    const linkHold = holdingProcessor();
    const outletHold = holdingProcessor();
    const link = makeLink({
      outlets: [new CollectOutlet({ error: new Error('disk full'), processors: [outletHold] })],
      processors: [linkHold],
    });

    await link.transfer();
    await link.shutdown();

    expect(payloads(outletHold.held)).toEqual([1, 2, 3]);
    expect(linkHold.held).toEqual([]);
  });

  it('go to the last step that released them', async () => {
    const first = holdingProcessor();
    const second = holdingProcessor();
    const double: Processor = (records) => records.map((record) => ({ ...record, payload: Number(record.payload) * 2 }));
    const link = makeLink({ outlets: [new CollectOutlet({ error: new Error('disk full') })], processors: [first, double, second] });

    await link.transfer();
    await link.shutdown();

    expect(first.held).toEqual([]);
    expect(payloads(second.held)).toEqual([2, 4, 6]);
  });
});
