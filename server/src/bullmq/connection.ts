import type { ConnectionOptions } from 'bullmq';

/** Redis address for BullMQ: a redis:// or rediss:// URL, or ioredis options as BullMQ accepts them. */
export type RedisConnection = string | ConnectionOptions;

/** BullMQ's default queue name for Databay transfers. */
export const DEFAULT_QUEUE_NAME = 'databay-transfers';

/** Name of every transfer job; the link id is in the job data, so one name serves all links. */
export const TRANSFER_JOB_NAME = 'transfer';

/**
 * Turns the `connection` option into BullMQ's connection options. BullMQ takes a URL as
 * `{ url }`; a string that is no redis URL is rejected here, before any connection is tried.
 */
export function toConnectionOptions(connection: RedisConnection | undefined, owner: string): ConnectionOptions {
  if (connection === undefined) {
    throw new TypeError(
      `${owner} needs a "connection": a redis URL such as "redis://127.0.0.1:6379" or ioredis options such as { host, port }.`,
    );
  }
  if (typeof connection !== 'string') return connection;

  let url: URL;
  try {
    url = new URL(connection);
  } catch {
    throw new TypeError(
      // The string is not echoed, because it may contain a password.
      `Invalid ${owner} connection string: it is not a URL. Write e.g. "redis://127.0.0.1:6379" or pass ioredis options.`,
    );
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new TypeError(
      `Invalid ${owner} connection "${redactUrl(connection)}": the protocol is ${url.protocol}; use redis: or rediss:.`,
    );
  }
  return { url: connection };
}

/**
 * Describes a connection for log lines, without its password. A URL keeps its user and shows
 * the password as "***", and options show only host, port and db.
 */
export function describeConnection(connection: RedisConnection): string {
  if (typeof connection === 'string') return redactUrl(connection);

  const options = connection as Record<string, unknown>;
  if (typeof options.url === 'string') return redactUrl(options.url);
  if (typeof options.host === 'string' || typeof options.port === 'number') {
    const db = typeof options.db === 'number' ? `/${options.db}` : '';
    return `redis://${String(options.host ?? '127.0.0.1')}:${String(options.port ?? 6379)}${db}`;
  }
  // An ioredis or node-redis client instance: its options may hold the password, so none is read.
  return 'redis client instance';
}

/** Returns the URL with its password replaced by "***"; a string that is no URL is hidden whole. */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return '(unparsable connection string)';
  }
  if (url.password !== '') url.password = '***';
  return url.toString();
}
