import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, removeTempDir } from '../test-support/harness.js';
import { DATABASE_FILE, openDatabase, type StudioDatabase } from './database.js';
import { TransferStore } from './transfer-store.js';

describe('TransferStore node counts', () => {
  let dataDir: string;
  let database: StudioDatabase | undefined;

  beforeEach(() => {
    dataDir = createTempDir('transfer-store');
  });

  afterEach(() => {
    database?.close();
    removeTempDir(dataDir);
  });

  it('keeps rows of a store made before the nodes column', () => {
    const old = new Database(path.join(dataDir, DATABASE_FILE));
    old.exec(`CREATE TABLE transfers (
      id INTEGER PRIMARY KEY AUTOINCREMENT, flow_id TEXT NOT NULL, link_id TEXT NOT NULL,
      update_name TEXT NOT NULL, started_at TEXT NOT NULL, duration_ms REAL NOT NULL,
      records_in INTEGER NOT NULL, records_out INTEGER NOT NULL, status TEXT NOT NULL, error TEXT)`);
    old.prepare(
      `INSERT INTO transfers (flow_id, link_id, update_name, started_at, duration_ms, records_in, records_out, status)
       VALUES ('f1', 'l1', 'weather.0', '2026-12-04T20:00:00.000Z', 12, 3, 3, 'ok')`,
    ).run();
    old.close();

    database = openDatabase(dataDir);
    const store = new TransferStore(database);
    store.add('f1', {
      linkId: 'l1',
      update: 'weather.1',
      startedAt: '2026-12-04T20:00:05.000Z',
      durationMs: 9,
      recordsIn: 4,
      recordsOut: 2,
      status: 'ok',
      nodes: { in1: { recordsIn: 4 }, out1: { recordsOut: 2 } },
    });

    const [newest, oldest] = store.list('f1', 10, 'l1');
    expect(newest.nodes).toEqual({ in1: { recordsIn: 4 }, out1: { recordsOut: 2 } });
    expect(oldest).toEqual({
      linkId: 'l1',
      update: 'weather.0',
      startedAt: '2026-12-04T20:00:00.000Z',
      durationMs: 12,
      recordsIn: 3,
      recordsOut: 3,
      status: 'ok',
    });
  });

  it('opens a current store again without changing it', () => {
    database = openDatabase(dataDir);
    database.close();
    database = openDatabase(dataDir);
    const columns = database.prepare('PRAGMA table_info(transfers)').all() as { name: string }[];
    expect(columns.filter((column) => column.name === 'nodes')).toHaveLength(1);
  });
});
