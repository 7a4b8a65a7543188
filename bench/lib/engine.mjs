// Loads the built server package. BENCH_SERVER_ENTRY may point at another build of it (a path to
// its index.js), e.g. to compare a change against the committed engine.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DEFAULT_ENTRY = fileURLToPath(new URL('../../server/dist/index.js', import.meta.url));

export function loadServerPackage() {
  const entry = process.env.BENCH_SERVER_ENTRY;
  return entry ? import(pathToFileURL(entry).href) : import('@databay-studio/server');
}

/**
 * Loads the studio's buildApp and resolveConfig. The package entry exports only the engine, so
 * they come from the build folder directly.
 */
export async function loadStudio() {
  const root = path.dirname(process.env.BENCH_SERVER_ENTRY ?? DEFAULT_ENTRY);
  const app = await import(pathToFileURL(path.join(root, 'studio/app.js')).href);
  const config = await import(pathToFileURL(path.join(root, 'studio/config.js')).href);
  return { buildApp: app.buildApp, resolveConfig: config.resolveConfig };
}
