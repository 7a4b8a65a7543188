import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_NODE_MODULES = fileURLToPath(new URL('../../../../node_modules/', import.meta.url));

/** A temp folder for one test, with helpers to write plugin files into it. */
export interface PluginFolder {
  root: string;
  /** The plugins folder, `<root>/plugins`. */
  pluginsDir: string;
  /** A node_modules folder for fake npm packages, `<root>/node_modules`. */
  nodeModulesDir: string;
  /** Writes `relativePath` under the plugins folder and returns its absolute path. */
  write(relativePath: string, content: string): Promise<string>;
  /** Writes a fake npm package into node_modules with the given package.json and files. */
  writePackage(name: string, manifest: Record<string, unknown>, files: Record<string, string>): Promise<string>;
  /** Makes `zod` importable from plugins in this folder, as a plugin's own dependency would be. */
  linkZod(): Promise<void>;
  remove(): Promise<void>;
}

export async function createPluginFolder(): Promise<PluginFolder> {
  const root = await mkdtemp(path.join(tmpdir(), 'databay-plugins-'));
  const pluginsDir = path.join(root, 'plugins');
  const nodeModulesDir = path.join(root, 'node_modules');
  await mkdir(pluginsDir, { recursive: true });
  await mkdir(nodeModulesDir, { recursive: true });

  const writeUnder = async (base: string, relativePath: string, content: string) => {
    const file = path.join(base, relativePath);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
    return file;
  };

  return {
    root,
    pluginsDir,
    nodeModulesDir,
    write: (relativePath, content) => writeUnder(pluginsDir, relativePath, content),
    async writePackage(name, manifest, files) {
      const packageDir = path.join(nodeModulesDir, name);
      await writeUnder(packageDir, 'package.json', JSON.stringify({ name, version: '1.0.0', ...manifest }, null, 2));
      for (const [relativePath, content] of Object.entries(files)) await writeUnder(packageDir, relativePath, content);
      return packageDir;
    },
    async linkZod() {
      await symlink(path.join(REPO_NODE_MODULES, 'zod'), path.join(nodeModulesDir, 'zod'), 'dir');
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** Source of a plugin module in the SDK function form that defines one inlet returning `payloads`. */
export function inletPlugin(type: string, payloads: unknown[] = [1, 2, 3], extra = ''): string {
  return `
export default function plugin({ defineInlet, z }) {
  ${extra}
  return defineInlet({
    type: ${JSON.stringify(type)},
    label: 'Test inlet',
    category: 'Test',
    description: 'Returns fixed payloads.',
    config: z.object({ factor: z.number().default(1) }),
    create: (config) => ({ pull: () => ${JSON.stringify(payloads)}.map((value) => typeof value === 'number' ? value * config.factor : value) }),
  });
}
`;
}
