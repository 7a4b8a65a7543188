import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** Repository root: three folders up from server/src/studio or server/dist/studio. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

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
});

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
    throw new ConfigError(variable, known[variable], issue.message);
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
  };
}

/** True when the built client has an index.html to serve. */
export function hasBuiltClient(config: StudioConfig): boolean {
  return existsSync(path.join(config.clientDir, 'index.html'));
}
