import { afterEach, describe, expect, it } from 'vitest';
import { Link } from '../engine/link.js';
import { CollectOutlet, memoryLogger, ValueInlet, waitFor } from '../engine/test-support/nodes.js';
import { describeConnection, redactUrl, toConnectionOptions } from './connection.js';
import { BullMQPlanner } from './planner.js';
import { keysUnder, obliterate, uniqueQueue, type TestQueue } from './test-support/redis.js';

const queues: TestQueue[] = [];

afterEach(async () => {
  for (const queue of queues.splice(0)) {
    await obliterate(queue);
    expect(await keysUnder(queue.prefix)).toEqual([]);
  }
});

describe('connection', () => {
  it('redacts the password of a URL', () => {
    expect(redactUrl('redis://user:s3cret@redis.internal:6380/2')).toBe('redis://user:***@redis.internal:6380/2');
    expect(redactUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
    expect(redactUrl('not a url with s3cret')).not.toContain('s3cret');
  });

  it('describes options without the password', () => {
    const described = describeConnection({ host: '10.0.0.5', port: 6380, db: 3, password: 's3cret' });
    expect(described).toBe('redis://10.0.0.5:6380/3');
    expect(describeConnection({ url: 'rediss://:s3cret@10.0.0.5:6380' })).toBe('rediss://:***@10.0.0.5:6380');
  });

  it('rejects a bad string without echoing it', () => {
    expect(() => toConnectionOptions('s3cret@127.0.0.1', 'TransferWorker')).toThrow(/TransferWorker connection string: it is not a URL/);
    expect(() => toConnectionOptions('s3cret@127.0.0.1', 'TransferWorker')).not.toThrow(/s3cret/);
    expect(() => toConnectionOptions(undefined, 'BullMQPlanner')).toThrow(/BullMQPlanner needs a "connection"/);
  });

  it('keeps the password out of the logs', async () => {
    // Redis's default user has no password, so it accepts any; the URL still carries one.
    const url = 'redis://default:s3cret@127.0.0.1:6379';
    const queue = uniqueQueue();
    queues.push(queue);
    const { logger, lines } = memoryLogger();
    const outlet = new CollectOutlet();
    const link = new Link({ id: 'logged', inlets: [new ValueInlet({ value: 1 })], outlets: [outlet], interval: { hours: 1 }, logger });
    const planner = new BullMQPlanner({ links: [link], connection: url, logger, ...queue });

    await planner.start();
    await waitFor(() => outlet.records.length === 1, 15_000);
    await planner.shutdown();

    const starting = lines.find((line) => line.msg === 'planner starting');
    expect(starting?.connection).toBe('redis://default:***@127.0.0.1:6379');
    expect(starting?.queue).toBe(queue.queueName);
    expect(lines.some((line) => line.msg === 'transfer worker started')).toBe(true);
    expect(lines.some((line) => line.msg === 'planner stopped')).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('s3cret');
  });
});
