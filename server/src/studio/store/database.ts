import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type StudioDatabase = Database.Database;

/** File name of the studio's SQLite store inside the data folder. */
export const DATABASE_FILE = 'studio.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS flows (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  document TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS deployments (
  flow_id TEXT PRIMARY KEY REFERENCES flows(id) ON DELETE CASCADE,
  version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  deployed_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS transfers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  flow_id TEXT NOT NULL,
  link_id TEXT NOT NULL,
  update_name TEXT NOT NULL,
  started_at TEXT NOT NULL,
  duration_ms REAL NOT NULL,
  records_in INTEGER NOT NULL,
  records_out INTEGER NOT NULL,
  status TEXT NOT NULL,
  error TEXT
);
CREATE INDEX IF NOT EXISTS transfers_by_flow ON transfers (flow_id, id);
CREATE INDEX IF NOT EXISTS transfers_by_link ON transfers (flow_id, link_id, id);

-- One row per flush of a flow's live log: its lines as a JSON array, in seq order.
CREATE TABLE IF NOT EXISTS flow_log_batches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  flow_id TEXT NOT NULL,
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  entries TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS flow_log_batches_by_flow ON flow_log_batches (flow_id, last_seq);

CREATE TABLE IF NOT EXISTS flow_log_seq (
  flow_id TEXT PRIMARY KEY,
  last_seq INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS studio_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/** Opens (and creates when missing) the store in `dataDir`, in WAL mode. */
export function openDatabase(dataDir: string): StudioDatabase {
  mkdirSync(dataDir, { recursive: true });
  const database = new Database(path.join(dataDir, DATABASE_FILE));
  database.pragma('journal_mode = WAL');
  // WAL with synchronous=NORMAL stays consistent after a crash and may lose only the last commits.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.exec(SCHEMA);
  migrate(database);
  return database;
}

/**
 * Brings a store made by an older studio up to date, keeping its rows. Each step checks whether
 * it is needed, so running it on a current store changes nothing.
 */
function migrate(database: StudioDatabase): void {
  const transferColumns = database.prepare('PRAGMA table_info(transfers)').all() as { name: string }[];
  // Per-node record counts of each transfer; rows stored before have none (NULL).
  if (!transferColumns.some((column) => column.name === 'nodes')) {
    database.exec('ALTER TABLE transfers ADD COLUMN nodes TEXT');
  }
}

/** Reads a value of the studio_meta table. */
export function readMeta(database: StudioDatabase, key: string): string | undefined {
  const row = database.prepare('SELECT value FROM studio_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

/** Writes a value of the studio_meta table. */
export function writeMeta(database: StudioDatabase, key: string, value: string): void {
  database
    .prepare('INSERT INTO studio_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
    .run(key, value);
}
