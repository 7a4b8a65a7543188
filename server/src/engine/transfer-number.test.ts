import { afterEach, describe, expect, it } from 'vitest';
import type { TransferStartedEvent } from './events.js';
import { Link } from './link.js';
import { CollectOutlet, memoryLogger, silentLogger, ValueInlet } from './test-support/nodes.js';

const links: Link[] = [];

function makeLink(inlet = new ValueInlet({ value: 1 }), outlet = new CollectOutlet()): Link {
  const link = new Link({ id: 'numbered', tags: ['quakes'], inlets: [inlet], outlets: [outlet], interval: 1_000, logger: silentLogger });
  links.push(link);
  return link;
}

afterEach(async () => {
  for (const link of links.splice(0)) {
    while (link.started) await link.shutdown();
  }
});

describe('Link transfer numbers', () => {
  it('numbers from 0 by default', async () => {
    const link = makeLink();
    await link.start();

    const updates: string[] = [];
    for (let i = 0; i < 3; i += 1) updates.push(String((await link.transfer()).update));

    expect(updates).toEqual(['quakes.0', 'quakes.1', 'quakes.2']);
    expect(link.transfers).toBe(3);
  });

  it('uses a given transfer number', async () => {
    const outlet = new CollectOutlet();
    const link = makeLink(new ValueInlet({ value: (update) => update.transferNumber }), outlet);
    const started: TransferStartedEvent[] = [];
    link.on('transferStarted', (event) => started.push(event));
    await link.start();

    const result = await link.runTransfer(5_000, 7);

    expect(String(result.update)).toBe('quakes.7');
    expect(result.update.transferNumber).toBe(7);
    expect(started).toHaveLength(1);
    expect(String(started[0].update)).toBe('quakes.7');
    expect(started[0].scheduledAt?.getTime()).toBe(5_000);
    expect(outlet.records.map((record) => record.payload)).toEqual([7]);
  });

  it('counts on above a given number', async () => {
    const link = makeLink();
    await link.start();

    await link.runTransfer(undefined, 4);
    expect(link.transfers).toBe(5);

    expect(String((await link.transfer()).update)).toBe('quakes.5');
    expect(link.transfers).toBe(6);
  });

  it('keeps its count after a lower number', async () => {
    const link = makeLink();
    await link.start();
    await link.runTransfer(undefined, 9);

    expect(String((await link.runTransfer(undefined, 2)).update)).toBe('quakes.2');
    expect(link.transfers).toBe(10);
    expect(String((await link.transfer()).update)).toBe('quakes.10');
  });

  it('numbers an unstarted link', async () => {
    const link = makeLink();

    const result = await link.runTransfer(undefined, 3);

    expect(String(result.update)).toBe('quakes.3');
    expect(link.started).toBe(true);
  });

  it('logs the given number', async () => {
    const { logger, lines } = memoryLogger();
    const link = new Link({
      id: 'logged',
      tags: ['quakes'],
      inlets: [new ValueInlet({ value: 1 })],
      outlets: [new CollectOutlet()],
      interval: 1_000,
      logger,
    });
    links.push(link);
    await link.start();

    await link.runTransfer(undefined, 12);

    const startedLine = lines.find((line) => line.msg === 'transfer started');
    expect(startedLine?.update).toBe('quakes.12');
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects transfer number %s', async (transferNumber) => {
    const inlet = new ValueInlet({ value: 1 });
    const link = makeLink(inlet);
    await link.start();

    await expect(link.runTransfer(undefined, transferNumber)).rejects.toThrow(RangeError);
    await expect(link.runTransfer(undefined, transferNumber)).rejects.toThrow(
      `Invalid transfer number ${String(transferNumber)} for link "numbered": use a whole number of 0 or more.`,
    );
    expect(inlet.pulls).toBe(0);
    expect(link.transfers).toBe(0);
    expect(link.running).toBe(false);
  });
});
