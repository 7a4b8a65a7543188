import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import type { NodeTypeProblem } from '@databay-studio/shared';
import type { AnyNodeTypeDefinition } from './define.js';
import { createPluginImporter, exportedNodeTypes, type PluginImporter } from './import-plugin.js';
import { pluginSdk, type PluginSdk } from './plugin-sdk.js';
import { findFolderPlugins, findNodeModulesDirs, findPackagePlugins, type PluginEntry } from './plugin-sources.js';
import { registryLogger } from './logger.js';
import type { SourcedDefinition } from './registry.js';
import { validateDefinition } from './validate-definition.js';

export type PluginLogger = Pick<Logger, 'info' | 'warn'>;

/** The server package's folder (server/), two up from src/registry or dist/registry. */
const SERVER_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface LoadPluginsOptions {
  /** Folder of plugin files and plugin folders; nothing is loaded from it when unset or missing. */
  pluginsDir?: string;
  /**
   * node_modules folders to scan for packages with a `databay-studio` field. Defaults to those
   * reachable from the working directory and from the server package; pass [] to scan none.
   */
  nodeModulesDirs?: string[];
  /** Logger of problems (warn) and of the summary (info). A pino or a Fastify logger fits. */
  logger?: PluginLogger;
  /** Passed to plugins that export a function; the studio's own SDK unless a test swaps it. */
  sdk?: PluginSdk;
  /**
   * Time one plugin may take to import and return its definitions, in milliseconds. A plugin
   * that takes longer becomes a problem, so a hung plugin cannot hold up startup or a reload.
   * Default 10 000.
   */
  loadTimeoutMs?: number;
}

export const DEFAULT_LOAD_TIMEOUT_MS = 10_000;

export interface LoadedPlugins {
  /** Valid definitions in load order: the plugins folder by name, then npm packages by name. */
  definitions: SourcedDefinition[];
  problems: NodeTypeProblem[];
}

/**
 * Imports every plugin and collects its node type definitions. A plugin that fails to import,
 * throws, exports an invalid definition or repeats a type id another plugin registered first
 * becomes a problem naming its source (logged at warn), and every other plugin still loads.
 * Duplicates of built-in types are found by the registry, which stores them.
 */
export async function loadPlugins(options: LoadPluginsOptions = {}): Promise<LoadedPlugins> {
  const logger = options.logger ?? registryLogger;
  const sdk = options.sdk ?? pluginSdk;
  const nodeModulesDirs = options.nodeModulesDirs ?? (await findNodeModulesDirs([process.cwd(), SERVER_ROOT]));

  const folder = options.pluginsDir ? await findFolderPlugins(options.pluginsDir) : { entries: [], problems: [] };
  const packages = await findPackagePlugins(nodeModulesDirs);
  const result: LoadedPlugins = { definitions: [], problems: [...folder.problems, ...packages.problems] };
  const sourceOfType = new Map<string, string>();

  const importer = createPluginImporter();
  for (const entry of [...folder.entries, ...packages.entries]) {
    const loaded = await withTimeout(loadEntry(entry, importer, sdk), options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS, entry);
    if ('problem' in loaded) {
      result.problems.push({ source: entry.source, message: loaded.problem });
      continue;
    }

    for (const candidate of loaded.exported) {
      const problem = checkCandidate(candidate, entry.source, sourceOfType);
      if (problem) {
        result.problems.push({ source: entry.source, message: problem });
        continue;
      }
      const definition = candidate as AnyNodeTypeDefinition;
      sourceOfType.set(definition.type, entry.source);
      result.definitions.push({ definition, source: entry.source, codeHash: loaded.codeHash });
    }
  }

  for (const problem of result.problems) {
    logger.warn({ source: problem.source, problem: problem.message }, 'node type plugin problem');
  }
  logger.info(
    {
      pluginsDir: options.pluginsDir,
      nodeTypes: result.definitions.length,
      problems: result.problems.length,
    },
    'node type plugins loaded',
  );
  return result;
}

type EntryResult = { exported: unknown[]; codeHash: string } | { problem: string };

async function loadEntry(entry: PluginEntry, importer: PluginImporter, sdk: PluginSdk): Promise<EntryResult> {
  let codeHash: string;
  try {
    codeHash = await hashFiles(entry.hashFiles);
  } catch (error) {
    return { problem: `Cannot read ${entry.file}: ${messageOf(error)}.` };
  }

  let module: Record<string, unknown>;
  try {
    module = await importer.importModule(entry.file);
  } catch (error) {
    return { problem: `Failed to load ${entry.file}: ${describeLoadError(error, entry.file)}. Fix the module and reload the node types.` };
  }

  try {
    return { exported: await exportedNodeTypes(module, sdk), codeHash };
  } catch (error) {
    return { problem: `Failed to load ${entry.file}: ${messageOf(error)}. Fix the module and reload the node types.` };
  }
}

/**
 * Resolves with a problem when `loading` takes longer than `timeoutMs`.
 * NOTE: The plugin's code keeps running in the background, because an import cannot be cancelled.
 */
async function withTimeout(loading: Promise<EntryResult>, timeoutMs: number, entry: PluginEntry): Promise<EntryResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<EntryResult>((resolve) => {
    timer = setTimeout(
      () => resolve({ problem: `Loading ${entry.file} did not finish within ${timeoutMs} ms: make its top-level code and its default-exported function return sooner.` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([loading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function checkCandidate(candidate: unknown, source: string, sourceOfType: Map<string, string>): string | undefined {
  const invalid = validateDefinition(candidate);
  if (invalid.length > 0) {
    const type = (candidate as { type?: unknown } | null)?.type;
    const named = typeof type === 'string' && type !== '' ? `Node type "${type}"` : 'A node type';
    return `${named} from ${source} is invalid: ${invalid.join('; ')}.`;
  }

  const type = (candidate as AnyNodeTypeDefinition).type;
  const firstSource = sourceOfType.get(type);
  if (firstSource !== undefined) {
    return `Node type "${type}" from ${source} is already registered by ${firstSource}: give it another type id.`;
  }
  return undefined;
}

/** Formats a load error: its name and message, plus where in the plugin file it happened when that is known. */
function describeLoadError(error: unknown, file: string): string {
  const message = messageOf(error);
  const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  const location = locationInStack(error, file) ?? syntaxErrorLocation(error, file);
  const where = location && !message.includes(location) ? ` (at ${location})` : '';
  return `${name}${message}${where}`;
}

/** Returns `path:line:column` of the first stack frame in the plugin file, without tsx's cache-busting query. */
function locationInStack(error: unknown, file: string): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const fileUrl = pathToFileURL(file).href;
  for (const line of stack.split('\n')) {
    const match = /((?:file:\/\/)?\/[^\s()?]+)(?:\?[^\s():]*)?:(\d+):(\d+)/.exec(line);
    if (!match) continue;
    if (match[1] !== file && match[1] !== fileUrl) continue;
    return `${file}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

/**
 * Finds the line of a JavaScript syntax error with `node --check`, because V8 leaves the
 * location out of a syntax error raised while an ES module is loaded. Runs only after a
 * SyntaxError, and only trusts the check when it reports the same message.
 */
function syntaxErrorLocation(error: unknown, file: string): string | undefined {
  if ((error as Error | undefined)?.name !== 'SyntaxError' || !/\.[cm]?js$/.test(file)) return undefined;

  const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8', timeout: 5_000 });
  if (!check.stderr?.includes((error as Error).message)) return undefined;
  const match = new RegExp(`^${escapeRegExp(file)}:(\\d+)$`, 'm').exec(check.stderr);
  return match ? `${file}:${match[1]}` : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function hashFiles(files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of files) hash.update(await readFile(file)).update('\0');
  return hash.digest('hex');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
