#!/usr/bin/env node
import { loadNodeTypes } from './registry/create-registry.js';
import { buildApp, createServerLogger } from './studio/app.js';
import { ConfigError, loadConfig } from './studio/config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const logger = createServerLogger(config.logLevel);
  // A broken plugin becomes a problem in GET /api/node-types; the server starts regardless.
  const registry = await loadNodeTypes({ pluginsDir: config.pluginsDir, logger: logger.child({ component: 'plugins' }) });
  const app = await buildApp({ config, logger, registry });

  let closing = false;
  const close = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'Shutting down');
    app.close().then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => close('SIGINT'));
  process.on('SIGTERM', () => close('SIGTERM'));

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    logger.fatal({ err: error, port: config.port, host: config.host }, 'Server failed to listen');
    process.exit(1);
  }
  logger.info({ dataDir: config.dataDir, filesRoot: config.filesRoot }, 'Databay Studio started');
}

void main();
