import Database from 'better-sqlite3';

/**
 * Keeps the state of processor steps across restarts of the studio, such as the records a
 * buffer holds or the keys a dedupe step has seen. States are JSON values stored by a key from
 * `processorStateKey`. Calls are synchronous so that a step saves before its transfer goes on.
 */
export interface ProcessorStateStore {
  /** Returns the stored state, or undefined when there is none. */
  load(key: string): unknown;
  save(key: string, state: unknown): void;
  delete(key: string): void;
  /** Lists the stored keys that start with `prefix`, e.g. all of one flow's with `"flow-1/"`. */
  keys(prefix: string): string[];
}

/**
 * Builds the store key of one step: `flowId/linkId/nodeId/list/stepIndex`.
 * NOTE: moving a step to another index gives it a new key, so a buffer moved while it holds
 * records starts empty and its old state stays under the old key until someone deletes it.
 */
export function processorStateKey(site: {
  flowId: string;
  linkId: string;
  nodeId: string;
  list: string;
  stepIndex: number;
}): string {
  return [site.flowId, site.linkId, site.nodeId, site.list, String(site.stepIndex)].join('/');
}

/** Keeps states in a Map; for tests and for steps that need no persistence. */
export class MemoryProcessorStateStore implements ProcessorStateStore {
  private readonly states = new Map<string, string>();

  load(key: string): unknown {
    const text = this.states.get(key);
    return text === undefined ? undefined : JSON.parse(text);
  }

  save(key: string, state: unknown): void {
    // Stored as JSON, like the SQLite store, so both return the same values.
    this.states.set(key, JSON.stringify(state));
  }

  delete(key: string): void {
    this.states.delete(key);
  }

  keys(prefix: string): string[] {
    return [...this.states.keys()].filter((key) => key.startsWith(prefix));
  }
}

export interface SqliteProcessorStateStoreOptions {
  /** An open better-sqlite3 database, such as the server's, or a file path to open. */
  database: Database.Database | string;
  /** Table to keep states in; created when missing. Defaults to `processor_state`. */
  table?: string;
}

/** Keeps states as JSON text in a SQLite table, one row per step. */
export class SqliteProcessorStateStore implements ProcessorStateStore {
  private readonly database: Database.Database;
  private readonly ownsDatabase: boolean;
  private readonly statements: {
    load: Database.Statement<[string], { state: string }>;
    save: Database.Statement<[string, string, string]>;
    delete: Database.Statement<[string]>;
    keys: Database.Statement<[string, string], { key: string }>;
  };

  constructor(options: SqliteProcessorStateStoreOptions) {
    const table = options.table ?? 'processor_state';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) {
      throw new Error(`Invalid table name "${table}": use letters, digits and underscores, starting with a letter.`);
    }

    this.ownsDatabase = typeof options.database === 'string';
    this.database = typeof options.database === 'string' ? new Database(options.database) : options.database;
    this.database.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (key TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL)`,
    );

    this.statements = {
      load: this.database.prepare(`SELECT state FROM ${table} WHERE key = ?`),
      save: this.database.prepare(
        `INSERT INTO ${table} (key, state, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      ),
      delete: this.database.prepare(`DELETE FROM ${table} WHERE key = ?`),
      // substr instead of LIKE, so that % and _ in ids match only themselves.
      keys: this.database.prepare(`SELECT key FROM ${table} WHERE substr(key, 1, length(?)) = ? ORDER BY key`),
    };
  }

  load(key: string): unknown {
    const row = this.statements.load.get(key);
    return row === undefined ? undefined : JSON.parse(row.state);
  }

  save(key: string, state: unknown): void {
    this.statements.save.run(key, JSON.stringify(state), new Date().toISOString());
  }

  delete(key: string): void {
    this.statements.delete.run(key);
  }

  keys(prefix: string): string[] {
    return this.statements.keys.all(prefix, prefix).map((row) => row.key);
  }

  /** Closes the database when the store opened it from a path; a database passed in stays open. */
  close(): void {
    if (this.ownsDatabase) this.database.close();
  }
}
