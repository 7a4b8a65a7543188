import { randomUUID } from 'node:crypto';
import { MongoClient, type Document } from 'mongodb';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataRecord } from '../engine/record.js';
import { Update } from '../engine/update.js';
import { startFakeMongoServer, type FakeMongoServer } from '../test-support/fake-mongo-server.js';
import { MongoOutlet } from './mongo-outlet.js';
import { redactUri } from './redact-uri.js';

// Set MONGODB_URL (e.g. mongodb://127.0.0.1:27017) to run against a real server; otherwise an
// in-process fake server records what the driver sent.
const realUrl = process.env.MONGODB_URL;
const update = new Update(['mongo'], 0);
let fake: FakeMongoServer | undefined;
let url: string;
let reader: MongoClient | undefined;
const databases: string[] = [];

beforeAll(async () => {
  if (realUrl) {
    url = realUrl;
    reader = await new MongoClient(realUrl).connect();
    console.info(`MongoOutlet tests run against the MongoDB server at ${redactUri(realUrl)}`);
  } else {
    fake = await startFakeMongoServer();
    url = fake.url;
    console.info('MongoOutlet tests run against the in-process fake MongoDB server (set MONGODB_URL for a real one)');
  }
});

afterAll(async () => {
  for (const database of databases) await reader?.db(database).dropDatabase();
  await reader?.close();
  await fake?.close();
});

function newDatabase(): string {
  const name = `databay_test_${randomUUID().slice(0, 8)}`;
  databases.push(name);
  return name;
}

/** Returns what was inserted into a collection, without the `_id` the driver added. */
async function inserted(database: string, collection: string): Promise<Document[]> {
  const documents = reader
    ? await reader.db(database).collection(collection).find({}, { sort: { _id: 1 } }).toArray()
    : fake!.inserts
        .filter((insert) => insert.database === database && insert.collection === collection)
        .flatMap((insert) => insert.documents);
  return documents.map(({ _id, ...rest }) => {
    expect(_id).toBeDefined();
    return rest;
  });
}

describe('MongoOutlet', () => {
  it('inserts objects, array elements and scalars', async () => {
    const database = newDatabase();
    const outlet = new MongoOutlet({ uri: url, database, collection: 'quakes' });
    const payload = { id: 'ci1', properties: { mag: 2.5, place: 'Zürich' }, when: new Date('2024-01-02T03:04:05Z') };
    const records = [new DataRecord(payload), new DataRecord([{ id: 'a' }, 7]), new DataRecord('plain text'), new DataRecord(null)];

    await outlet.onStart();
    await outlet.push(records, update);
    await outlet.onShutdown();

    expect(await inserted(database, 'quakes')).toEqual([
      payload,
      { id: 'a' },
      { value: 7 },
      { value: 'plain text' },
      { value: null },
    ]);
    expect(records[0].payload).not.toHaveProperty('_id');
  });

  it('uses one insert per collection per batch', async () => {
    const database = newDatabase();
    const outlet = new MongoOutlet({ uri: url, database, collection: 'events' });
    const before = fake?.inserts.length ?? 0;

    await outlet.onStart();
    await outlet.push(
      [
        new DataRecord({ n: 1 }),
        new DataRecord({ n: 2 }, { [MongoOutlet.COLLECTION_METADATA_KEY]: 'alerts' }),
        new DataRecord({ n: 3 }),
        new DataRecord({ n: 4 }, { mongoCollection: 'alerts' }),
      ],
      update,
    );
    await outlet.onShutdown();

    expect(await inserted(database, 'events')).toEqual([{ n: 1 }, { n: 3 }]);
    expect(await inserted(database, 'alerts')).toEqual([{ n: 2 }, { n: 4 }]);
    if (fake) expect(fake.inserts.length - before).toBe(2);
  });

  it('connects on start and closes on shutdown', async () => {
    const database = newDatabase();
    const outlet = new MongoOutlet({ uri: url, database, collection: 'lifecycle' });

    await outlet.onStart();
    if (fake) {
      expect(fake.commands.filter((name) => /^(hello|ismaster)$/i.test(name)).length).toBeGreaterThan(0);
      expect(fake.openConnections()).toBeGreaterThan(0);
    }
    await outlet.push([new DataRecord({ step: 'started' })], update);
    await outlet.onShutdown();

    expect(await inserted(database, 'lifecycle')).toEqual([{ step: 'started' }]);
    if (fake) {
      expect(fake.commands).toContain('endSessions');
      await expect.poll(() => fake!.openConnections()).toBe(0);
    }
  });

  it('connects on demand outside a link', async () => {
    const database = newDatabase();
    const outlet = new MongoOutlet({ uri: url, database, collection: 'direct' });

    await outlet.push([new DataRecord({ direct: true })], update);
    await outlet.onShutdown();

    expect(await inserted(database, 'direct')).toEqual([{ direct: true }]);
  });

  it('rejects a collection routing value that is no name', async () => {
    const outlet = new MongoOutlet({ uri: url, database: newDatabase(), collection: 'x' });

    await expect(outlet.push([new DataRecord({}, { mongoCollection: 42 })], update)).rejects.toThrow(
      /metadata "mongoCollection" must be a collection name, got 42/,
    );
    await outlet.onShutdown();
  });

  it('never logs or reports the password', async () => {
    const fakeForPort = await startFakeMongoServer();
    await fakeForPort.close();
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const uri = `${fakeForPort.url.replace('mongodb://', 'mongodb://reader:s3cr3t-pass@')}/?serverSelectionTimeoutMS=300`;
    const outlet = new MongoOutlet({ uri, database: 'db', collection: 'c', logger });

    const error = (await outlet.onStart().catch((caught: unknown) => caught)) as Error;

    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain('could not connect to mongodb://reader:***@127.0.0.1');
    expect(error.message).not.toContain('s3cr3t-pass');
    expect(outlet.redactedUri).not.toContain('s3cr3t-pass');
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain('s3cr3t-pass');
  });

  it('rejects invalid options', () => {
    expect(() => new MongoOutlet({ database: '' })).toThrow(/database=""/);
    expect(() => new MongoOutlet({ uri: 'http://user:pw@host', database: 'd' })).toThrow(/uri="http:\/\/user:\*\*\*@host"/);
    expect(new MongoOutlet({ database: 'd' }).redactedUri).toBe('mongodb://127.0.0.1:27017');
  });
});

describe('redactUri', () => {
  it('hides only the password', () => {
    expect(redactUri('mongodb://user:secret@host:27017/db?authSource=admin')).toBe('mongodb://user:***@host:27017/db?authSource=admin');
    expect(redactUri('mongodb+srv://user:p%40ss@cluster.example.net/')).toBe('mongodb+srv://user:***@cluster.example.net/');
    expect(redactUri('mongodb://host-a:1,host-b:2/db')).toBe('mongodb://host-a:1,host-b:2/db');
    expect(redactUri('mongodb://user@host/db')).toBe('mongodb://user@host/db');
  });
});
