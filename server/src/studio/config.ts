import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { redactUrl } from '../bullmq/connection.js';

/** Repository root: three folders up from server/src/studio or server/dist/studio. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Planners a deploy can run a flow on: timers in the studio process, or job schedulers in Redis. */
export const PLANNER_KINDS = ['node-schedule', 'bullmq'] as const;
export type PlannerKind = (typeof PLANNER_KINDS)[number];

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const portSchema = z.coerce
  .number()
  .int('must be a whole number')
  .min(0, 'must be 0 or more')
  .max(65_535, 'must be at most 65535');

const envSchema = z.object({
  PORT: portSchema.default(3000),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  DATABAY_DATA_DIR: z.string().trim().min(1, 'must not be empty').default('./data'),
  DATABAY_FILES_ROOT: z.string().trim().min(1, 'must not be empty').optional(),
  DATABAY_PLUGINS_DIR: z.string().trim().min(1, 'must not be empty').optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  DATABAY_PLANNER: z
    .enum(PLANNER_KINDS, { error: `must be one of ${PLANNER_KINDS.join(', ')}` })
    .default('node-schedule'),
  DATABAY_REDIS_URL: z
    .string()
    .trim()
    .refine(isRedisUrl, 'must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379')
    .default(DEFAULT_REDIS_URL),
});

/** Variables whose value may contain a password, so a ConfigError shows them redacted. */
const SECRET_VARIABLES = new Set(['DATABAY_REDIS_URL']);

function isRedisUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'redis:' || url.protocol === 'rediss:';
  } catch {
    return false;
  }
}

/** Settings of one studio server, read from the environment by `loadConfig`. */
export interface StudioConfig {
  port: number;
  host: string;
  /** Folder of the SQLite store; created on start. */
  dataDir: string;
  /** Folder that relative file paths in node configs resolve against. */
  filesRoot: string;
  /** Folder the plugin loader reads node type plugins from. */
  pluginsDir: string;
  logLevel: string;
  /** Built client to serve; a page saying to run `npm run build` is served when it is missing. */
  clientDir: string;
  /** Folder with `flows/*.json` examples and `data/` files they read. */
  examplesDir: string;
  /** Planner of deployed flows. Default 'node-schedule'. */
  planner: PlannerKind;
  /** Redis URL of the BullMQ planner. It may contain a password, so log it only through `redactUrl`. */
  redisUrl: string;
}

/** An environment variable with a value the studio cannot use. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(
    readonly variable: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`Invalid value ${JSON.stringify(value)} for ${variable}: ${reason}. Fix or unset ${variable} and start again.`);
  }
}

/** Reads and checks the studio's environment variables; throws ConfigError naming the first bad one. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): StudioConfig {
  const known = Object.fromEntries(
    Object.keys(envSchema.shape).map((name) => [name, env[name] === '' ? undefined : env[name]]),
  );
  const parsed = envSchema.safeParse(known);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0]);
    const value = SECRET_VARIABLES.has(variable) ? redactUrl(String(known[variable])) : known[variable];
    throw new ConfigError(variable, value, issue.message);
  }

  const values = parsed.data;
  const dataDir = path.resolve(cwd, values.DATABAY_DATA_DIR);
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir,
    filesRoot: path.resolve(cwd, values.DATABAY_FILES_ROOT ?? path.join(dataDir, 'files')),
    pluginsDir: path.resolve(cwd, values.DATABAY_PLUGINS_DIR ?? path.join(dataDir, 'plugins')),
    logLevel: values.LOG_LEVEL,
    clientDir: path.join(REPO_ROOT, 'client', 'dist'),
    examplesDir: path.join(REPO_ROOT, 'examples'),
    planner: values.DATABAY_PLANNER,
    redisUrl: values.DATABAY_REDIS_URL,
  };
}

/** Fills the fields a caller left out, for tests and embedders that build a config by hand. */
export function resolveConfig(partial: Partial<StudioConfig> & { dataDir: string }): StudioConfig {
  const dataDir = path.resolve(partial.dataDir);
  return {
    port: partial.port ?? 0,
    host: partial.host ?? '127.0.0.1',
    dataDir,
    filesRoot: path.resolve(partial.filesRoot ?? path.join(dataDir, 'files')),
    pluginsDir: path.resolve(partial.pluginsDir ?? path.join(dataDir, 'plugins')),
    logLevel: partial.logLevel ?? 'info',
    clientDir: partial.clientDir ?? path.join(REPO_ROOT, 'client', 'dist'),
    examplesDir: partial.examplesDir ?? path.join(REPO_ROOT, 'examples'),
    planner: partial.planner ?? 'node-schedule',
    redisUrl: partial.redisUrl ?? DEFAULT_REDIS_URL,
  };
}

/** True when the built client has an index.html to serve. */
export function hasBuiltClient(config: StudioConfig): boolean {
  return existsSync(path.join(config.clientDir, 'index.html'));
}
