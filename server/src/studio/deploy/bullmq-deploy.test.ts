import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransferEvent, TransferRecord } from '@databay-studio/shared';
import { TransferWorker } from '../../bullmq/transfer-worker.js';
import { keysUnder, REDIS_URL, uniqueQueue } from '../../bullmq/test-support/redis.js';
import { linksFromFlow } from '../../flow/links-from-flow.js';
import { createTempDir, removeTempDir, simpleFlow, startStudio, waitFor, type RunningStudio } from '../test-support/harness.js';
import { flowQueueName } from './flow-planner.js';

/** Random numbers into a text file: built-in node types that need no network. */
function rollsFlow(intervalSeconds: number) {
  return simpleFlow({
    name: 'Rolls',
    inlet: { type: 'random-int-inlet', config: { min: 1, max: 6, count: 3 } },
    outlet: { type: 'file-outlet', config: { path: 'rolls.txt', format: 'text', mode: 'append' } },
    link: { interval: { seconds: intervalSeconds }, tags: ['rolls'] },
  });
}

describe('deploy on BullMQ', () => {
  let dataDir: string;
  let prefix: string;
  let studio: RunningStudio | undefined;
  const queues: Queue[] = [];

  beforeEach(async () => {
    dataDir = createTempDir('bullmq-deploy');
    prefix = uniqueQueue().prefix;
    studio = await startStudio(dataDir, { config: { planner: 'bullmq', redisUrl: REDIS_URL }, bullmqPrefix: prefix });
  });

  afterEach(async () => {
    await studio?.close();
    studio = undefined;
    for (const queue of queues.splice(0)) await queue.close();

    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    removeTempDir(dataDir);
  });

  function running(): RunningStudio {
    if (!studio) throw new Error('The studio is not running');
    return studio;
  }

  async function createFlow(body: unknown): Promise<string> {
    const created = await running().request('POST', '/api/flows', body);
    expect(created.status).toBe(201);
    return created.body.id;
  }

  /** Opens the flow's queue as an outside BullMQ user would, to read its job schedulers. */
  function openFlowQueue(flowId: string): Queue {
    const queue = new Queue(flowQueueName(flowId), { connection: { url: REDIS_URL }, prefix });
    queues.push(queue);
    return queue;
  }

  async function transfers(flowId: string): Promise<TransferRecord[]> {
    const response = await running().request('GET', `/api/flows/${flowId}/transfers`);
    expect(response.status).toBe(200);
    return response.body;
  }

  function logMessages(flowId: string): string[] {
    const { hub, logs } = running().app.studio;
    hub.flushAll();
    return logs.after(flowId, 0).map((line) => line.message);
  }

  it('scheduled transfers reach history and log', async () => {
    const id = await createFlow(rollsFlow(1));
    const socket = await running().connect();
    const ends: TransferEvent[] = [];
    socket.on('transfer', (event) => {
      if (event.phase === 'end') ends.push(event);
    });
    socket.emit('subscribe', { flowId: id, afterSeq: 0 });

    const deployed = await running().request('POST', `/api/flows/${id}/deploy`);
    expect(deployed.status).toBe(200);
    expect(deployed.body.deployed).toBe(true);
    expect(deployed.body.links[0].linkId).toBe('l1');
    expect(deployed.body.links[0].nextTransferAt).toEqual(expect.any(String));
    expect(deployed.body.links[0].schedule.next).toHaveLength(3);

    // The immediate transfer is rolls.0; rolls.1 and rolls.2 come from the job scheduler.
    const history = await waitFor(async () => {
      const list = await transfers(id);
      return list.length >= 3 ? list : undefined;
    }, 15_000, 'three transfers');
    expect(history.every((record) => record.status === 'ok')).toBe(true);
    expect(history.map((record) => record.update)).toEqual(expect.arrayContaining(['rolls.0', 'rolls.1', 'rolls.2']));
    expect(history[0].recordsIn).toBe(3);

    const messages = logMessages(id);
    expect(messages).toContain('Transfer rolls.1 started');
    expect(messages.some((message) => message.startsWith('Transfer rolls.1 finished: 3 records in'))).toBe(true);

    const lines = readFileSync(path.join(running().config.filesRoot, 'rolls.txt'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(9);

    // The end event carries the next transfer time read from Redis, as it does with node-schedule.
    const scheduledEnd = await waitFor(() => ends.find((event) => event.update === 'rolls.1'), 5_000, 'end event of rolls.1');
    expect(scheduledEnd.nextAt).toEqual(expect.any(String));
    expect(Date.parse(scheduledEnd.nextAt ?? '')).toBeGreaterThan(Date.parse(scheduledEnd.startedAt));
  });

  it('Run now runs one transfer', async () => {
    const id = await createFlow(rollsFlow(600));
    expect((await running().request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    await waitFor(async () => (await transfers(id)).length === 1, 10_000, 'immediate transfer');

    const response = await running().request('POST', `/api/flows/${id}/links/l1/transfer`);
    expect(response.status).toBe(200);
    expect(response.body.transfer).toMatchObject({ linkId: 'l1', update: 'rolls.1', status: 'ok', recordsIn: 3 });

    const history = await transfers(id);
    expect(history.map((record) => record.update).sort()).toEqual(['rolls.0', 'rolls.1']);
    expect(logMessages(id)).toContain('Transfer of link "l1" requested now');
  });

  it('stop removes job schedulers', async () => {
    const id = await createFlow(rollsFlow(600));
    expect((await running().request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    const queue = openFlowQueue(id);
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((scheduler) => scheduler.key)).toEqual(['l1']);

    const stopped = await running().request('POST', `/api/flows/${id}/stop`);
    expect(stopped.status).toBe(200);
    expect(stopped.body.deployed).toBe(false);
    expect(await queue.getJobSchedulers()).toEqual([]);
  });

  it('redeploy replaces the schedule', async () => {
    const id = await createFlow(rollsFlow(600));
    expect((await running().request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    const queue = openFlowQueue(id);
    expect((await queue.getJobSchedulers()).map((scheduler) => scheduler.every)).toEqual([600_000]);

    const saved = await running().request('PUT', `/api/flows/${id}`, { ...rollsFlow(1), version: 1 });
    expect(saved.status).toBe(200);
    const redeployed = await running().request('POST', `/api/flows/${id}/deploy`);
    expect(redeployed.status).toBe(200);
    expect(redeployed.body.version).toBe(2);

    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((scheduler) => scheduler.key)).toEqual(['l1']);
    expect(schedulers.map((scheduler) => scheduler.every)).toEqual([1_000]);
    // Two immediate transfers, one per version, then at least one from the new 1 s schedule.
    await waitFor(async () => (await transfers(id)).length >= 3, 15_000, 'transfer of version 2 on its schedule');
    const messages = logMessages(id);
    expect(messages).toContain('Stopping version 1: replaced by version 2');
    expect(messages).toContain('Deployed version 2');
  });

  it('extra worker runs flow transfers', async () => {
    const id = await createFlow(rollsFlow(1));
    expect((await running().request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);

    // The steps of docs/distributed.md: the stored flow document, linksFromFlow and the flow's queue.
    const document = (await running().request('GET', `/api/flows/${id}`)).body;
    const flowLinks = await linksFromFlow(document, { filesRoot: running().config.filesRoot });
    const worker = new TransferWorker({ links: flowLinks.links, connection: REDIS_URL, queueName: flowQueueName(id), prefix });
    const workerUpdates: string[] = [];
    worker.on('transferFinished', ({ update, status }) => {
      if (status === 'ok') workerUpdates.push(update.toString());
    });
    await worker.start();
    try {
      // The studio's own worker competes for the same jobs, so the extra worker may wait for several jobs.
      await waitFor(() => workerUpdates.length > 0, 60_000, 'a transfer in the extra worker');
    } finally {
      await worker.shutdown({ wait: true });
      flowLinks.abort();
    }

    // Those transfers stay in the worker: the studio's history lists only its own.
    const studioUpdates = (await transfers(id)).map((record) => record.update);
    expect(studioUpdates).toContain('rolls.0');
    for (const update of workerUpdates) expect(studioUpdates).not.toContain(update);
  }, 90_000);

  it('server close drops schedulers and connections', async () => {
    const id = await createFlow(rollsFlow(600));
    expect((await running().request('POST', `/api/flows/${id}/deploy`)).status).toBe(200);
    await waitFor(async () => (await transfers(id)).length === 1, 10_000, 'immediate transfer');
    expect(await clientsNamedUnder(prefix)).toBeGreaterThan(0);

    await running().close();
    studio = undefined;
    expect(await clientsNamedUnder(prefix)).toBe(0);
    expect(await openFlowQueue(id).getJobSchedulers()).toEqual([]);
    const leftKeys = await keysUnder(prefix);
    expect(leftKeys.some((key) => key.endsWith(':repeat'))).toBe(false);
  });
});

/** Counts Redis connections whose client name BullMQ derived from the key prefix. */
async function clientsNamedUnder(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  try {
    const list = (await redis.client('LIST')) as string;
    return list.split('\n').filter((line) => line.includes(` name=${prefix}:`)).length;
  } finally {
    redis.disconnect();
  }
}
