import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { processorStateKey, SqliteProcessorStateStore } from './state-store.js';
import { makeTempFolder } from './test-support/example-data.js';

describe('SqliteProcessorStateStore', () => {
  it('saves, loads and deletes states', () => {
    const temp = makeTempFolder();
    try {
      const store = new SqliteProcessorStateStore({ database: `${temp.folder}/state.db` });

      expect(store.load('a/b')).toBeUndefined();
      store.save('a/b', { held: [1, 2] });
      store.save('a/b', { held: [3] });
      expect(store.load('a/b')).toEqual({ held: [3] });
      store.delete('a/b');
      expect(store.load('a/b')).toBeUndefined();
      store.close();
    } finally {
      temp.remove();
    }
  });

  it('keeps states in a database passed in', () => {
    const temp = makeTempFolder();
    try {
      const database = new Database(`${temp.folder}/studio.db`);
      const store = new SqliteProcessorStateStore({ database, table: 'step_state' });
      store.save('flow/link', ['x']);
      store.close();

      // The store leaves a database it did not open to its owner.
      expect(database.open).toBe(true);
      expect(database.prepare('SELECT key FROM step_state').all()).toEqual([{ key: 'flow/link' }]);
      database.close();
    } finally {
      temp.remove();
    }
  });

  it('lists keys by a literal prefix', () => {
    const temp = makeTempFolder();
    try {
      const store = new SqliteProcessorStateStore({ database: `${temp.folder}/state.db` });
      store.save('flow_1/link/a', 1);
      store.save('flow_1/link/b', 2);
      store.save('flowX1/link/c', 3);
      store.save('flow%/link/d', 4);

      expect(store.keys('flow_1/')).toEqual(['flow_1/link/a', 'flow_1/link/b']);
      expect(store.keys('flow%')).toEqual(['flow%/link/d']);
      store.close();
    } finally {
      temp.remove();
    }
  });

  it('rejects an unsafe table name', () => {
    expect(() => new SqliteProcessorStateStore({ database: ':memory:', table: 'state; DROP TABLE x' })).toThrow(
      'Invalid table name "state; DROP TABLE x"',
    );
  });
});

describe('processorStateKey', () => {
  it('joins the ids of a step', () => {
    expect(processorStateKey({ flowId: 'f', linkId: 'l', nodeId: 'o', list: 'processors', stepIndex: 2 })).toBe('f/l/o/processors/2');
  });
});
