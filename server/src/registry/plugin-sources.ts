import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { NodeTypeProblem } from '@databay-studio/shared';

/** File extensions the loader imports: JavaScript natively, TypeScript through tsx. */
export const PLUGIN_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

/** Name of the package.json field that lists an npm package's node type modules. */
export const PACKAGE_FIELD = 'databay-studio';

/** One module to import, and the source its node types are registered under. */
export interface PluginEntry {
  source: string;
  file: string;
  /** Files whose content makes up the plugin's code hash (the entry, plus package.json for packages). */
  hashFiles: string[];
}

export interface FoundEntries {
  entries: PluginEntry[];
  problems: NodeTypeProblem[];
}

/**
 * Lists the plugins in the plugins folder: each .js, .mjs, .cjs, .ts, .mts or .cts file, and
 * each folder with a package.json, in name order. Test files (`*.test.*`, `*.spec.*`), type
 * declarations, hidden names and folders without a package.json are skipped, so tests and
 * fixtures can sit beside plugins. A missing folder means no plugins.
 */
export async function findFolderPlugins(pluginsDir: string): Promise<FoundEntries> {
  const found: FoundEntries = { entries: [], problems: [] };

  let names: string[];
  try {
    names = (await readdir(pluginsDir)).sort();
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return found;
    found.problems.push({
      source: pluginsDir,
      message: `Cannot read the plugins folder ${pluginsDir}: ${messageOf(error)}. Check DATABAY_PLUGINS_DIR and the folder's permissions.`,
    });
    return found;
  }

  for (const name of names) {
    if (name.startsWith('.') || name === 'node_modules') continue;
    const fullPath = path.join(pluginsDir, name);
    const info = await stat(fullPath).catch(() => undefined);
    if (!info) continue;

    if (info.isFile()) {
      if (isPluginFile(name)) found.entries.push({ source: fullPath, file: fullPath, hashFiles: [fullPath] });
      continue;
    }
    if (!info.isDirectory()) continue;

    const manifestPath = path.join(fullPath, 'package.json');
    const manifest = await readManifest(manifestPath);
    if (manifest === undefined) continue;
    if (manifest instanceof Error) {
      found.problems.push({ source: fullPath, message: `Cannot read ${manifestPath}: ${manifest.message}. Fix the JSON and reload.` });
      continue;
    }

    const entry = packageEntryOf(manifest);
    const file = path.resolve(fullPath, entry);
    if (!(await isFile(file))) {
      found.problems.push({
        source: fullPath,
        message: `The plugin folder's entry ${file} does not exist: set "main" or "exports" in ${manifestPath} to the plugin module.`,
      });
      continue;
    }
    found.entries.push({ source: fullPath, file, hashFiles: [manifestPath, file] });
  }
  return found;
}

/**
 * Lists the node type modules of installed npm packages: the direct and `@scope/` children of
 * each node_modules folder whose package.json has `"databay-studio": { "nodes": [...] }`. A
 * package name found in several folders is taken from the first one, as Node's resolution does.
 */
export async function findPackagePlugins(nodeModulesDirs: string[]): Promise<FoundEntries> {
  const found: FoundEntries = { entries: [], problems: [] };
  const seenPackages = new Set<string>();

  for (const nodeModulesDir of nodeModulesDirs) {
    for (const packageDir of await packageFolders(nodeModulesDir)) {
      const manifestPath = path.join(packageDir, 'package.json');
      const manifest = await readManifest(manifestPath);
      if (manifest === undefined || manifest instanceof Error) continue;
      if (!(PACKAGE_FIELD in manifest)) continue;

      const name = typeof manifest.name === 'string' ? manifest.name : path.basename(packageDir);
      if (seenPackages.has(name)) continue;
      seenPackages.add(name);

      const nodes = (manifest[PACKAGE_FIELD] as { nodes?: unknown } | null)?.nodes;
      if (!Array.isArray(nodes) || nodes.some((item) => typeof item !== 'string')) {
        found.problems.push({
          source: `npm:${name}`,
          message: `The "${PACKAGE_FIELD}" field of ${manifestPath} must be { "nodes": ["./dist/node.js", ...] }: list the package's node type modules.`,
        });
        continue;
      }

      for (const entry of nodes as string[]) {
        const source = `npm:${name}/${path.posix.normalize(entry).replace(/^\.\//, '')}`;
        const file = path.resolve(packageDir, entry);
        if (path.relative(packageDir, file).startsWith('..')) {
          found.problems.push({ source, message: `The node type module "${entry}" lies outside the package ${packageDir}: list a path inside it.` });
          continue;
        }
        if (!(await isFile(file))) {
          found.problems.push({ source, message: `The node type module ${file} listed in ${manifestPath} does not exist: build the package or fix the path.` });
          continue;
        }
        found.entries.push({ source, file, hashFiles: [manifestPath, file] });
      }
    }
  }
  return found;
}

/** Returns the node_modules folders a module in each start folder can import from, nearest first, without repeats. */
export async function findNodeModulesDirs(startDirs: string[]): Promise<string[]> {
  const dirs: string[] = [];
  for (const start of startDirs) {
    let current = path.resolve(start);
    for (;;) {
      const candidate = path.join(current, 'node_modules');
      if (!dirs.includes(candidate) && (await isDirectory(candidate))) dirs.push(candidate);
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  return dirs;
}

function isPluginFile(name: string): boolean {
  if (/\.(test|spec)\.[cm]?[jt]s$/.test(name) || /\.d\.[cm]?ts$/.test(name)) return false;
  return PLUGIN_EXTENSIONS.includes(path.extname(name));
}

/** Returns the module a folder plugin names: `exports` (a string, or the `.` entry's condition), then `main`, then index.js. */
function packageEntryOf(manifest: Record<string, unknown>): string {
  const fromExports = exportsEntry(manifest.exports);
  if (fromExports) return fromExports;
  if (typeof manifest.main === 'string' && manifest.main !== '') return manifest.main;
  return 'index.js';
}

function exportsEntry(exportsField: unknown): string | undefined {
  if (typeof exportsField === 'string') return exportsField;
  if (exportsField === null || typeof exportsField !== 'object') return undefined;

  const conditions = exportsField as Record<string, unknown>;
  if ('.' in conditions) return exportsEntry(conditions['.']);
  for (const condition of ['import', 'node', 'default']) {
    const entry = exportsEntry(conditions[condition]);
    if (entry) return entry;
  }
  return undefined;
}

async function packageFolders(nodeModulesDir: string): Promise<string[]> {
  const names = await readdir(nodeModulesDir).catch(() => [] as string[]);
  const folders: string[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue;
    const fullPath = path.join(nodeModulesDir, name);
    if (!name.startsWith('@')) {
      folders.push(fullPath);
      continue;
    }
    const scoped = await readdir(fullPath).catch(() => [] as string[]);
    for (const child of scoped.sort()) folders.push(path.join(fullPath, child));
  }
  return folders;
}

/** Returns the parsed package.json, undefined when there is none, or the error that kept it from being read. */
async function readManifest(manifestPath: string): Promise<Record<string, unknown> | Error | undefined> {
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return undefined;
    return error instanceof Error ? error : new Error(String(error));
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return new Error('it is not a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() ?? false;
}

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
