import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LogEvent } from '@databay-studio/shared';
import { createTempDir, removeTempDir } from '../test-support/harness.js';
import { openDatabase, type StudioDatabase } from './database.js';
import { LogStore } from './log-store.js';

function lines(flowId: string, from: number, to: number): LogEvent[] {
  const result: LogEvent[] = [];
  for (let seq = from; seq <= to; seq += 1) {
    result.push({ seq, time: new Date(0).toISOString(), level: 'info', flowId, message: `line ${seq}` });
  }
  return result;
}

describe('LogStore', () => {
  let dataDir: string;
  let database: StudioDatabase;

  beforeEach(() => {
    dataDir = createTempDir('log-store');
    database = openDatabase(dataDir);
  });

  afterEach(() => {
    database.close();
    removeTempDir(dataDir);
  });

  it('after returns lines past afterSeq', () => {
    const store = new LogStore(database, 100);
    store.append('f1', lines('f1', 1, 10));
    store.append('f1', lines('f1', 11, 12));
    store.append('f2', lines('f2', 1, 3));

    expect(store.after('f1', 0).map((line) => line.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(store.after('f1', 7).map((line) => line.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(store.after('f1', 12)).toEqual([]);
    expect(store.after('f2', 1).map((line) => line.message)).toEqual(['line 2', 'line 3']);
    expect(store.lastSeq('f1')).toBe(12);
    expect(store.lastSeq('none')).toBe(0);
  });

  it('keeps exactly the newest lines', () => {
    const store = new LogStore(database, 25);
    for (let first = 1; first <= 91; first += 10) store.append('f1', lines('f1', first, first + 9));

    const stored = store.after('f1', 0);
    expect(stored.map((line) => line.seq)).toEqual(lines('f1', 76, 100).map((line) => line.seq));
    const rows = database.prepare('SELECT COUNT(*) AS count FROM flow_log_batches WHERE flow_id = ?').get('f1') as { count: number };
    expect(rows.count).toBe(3);
  });

  it('seq survives reopening and pruning', () => {
    const store = new LogStore(database, 5);
    store.append('f1', lines('f1', 1, 40));
    database.close();

    database = openDatabase(dataDir);
    const reopened = new LogStore(database, 5);
    expect(reopened.lastSeq('f1')).toBe(40);
    expect(reopened.after('f1', 0).map((line) => line.seq)).toEqual([36, 37, 38, 39, 40]);
  });
});
