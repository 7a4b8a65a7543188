import { mkdirSync } from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import pino, { type Logger } from 'pino';
import { builtinNodeTypes } from '../nodes/index.js';
import { builtinProcessorDefinitions } from '../processors/builtin.js';
import { SqliteProcessorStateStore } from '../processors/state-store.js';
import { BUILTIN_SOURCE, NodeTypeRegistry } from '../registry/registry.js';
import { redactUrl } from '../bullmq/connection.js';
import type { StudioConfig } from './config.js';
import type { StudioContext } from './context.js';
import { DeploymentManager } from './deploy/deployment-manager.js';
import type { FlowPlannerSettings } from './deploy/flow-planner.js';
import { registerLinkNodeType } from './deploy/link-node-type.js';
import { handleError } from './error-handler.js';
import { ExampleCatalogue } from './examples/catalogue.js';
import { LiveHub, type LiveHubOptions } from './live/live-hub.js';
import { createSocketServer } from './live/socket-server.js';
import { registerClientRoutes } from './routes/client.js';
import { deploymentRoutes } from './routes/deployments.js';
import { exampleRoutes } from './routes/examples.js';
import { flowRoutes } from './routes/flows.js';
import { healthRoutes } from './routes/health.js';
import { nodeTypeReloadRoutes } from './routes/node-type-reload.js';
import { nodeTypeRoutes } from './routes/node-types.js';
import { openDatabase, readMeta, writeMeta } from './store/database.js';
import { FlowStore } from './store/flow-store.js';
import { DEFAULT_LOG_LINES_PER_FLOW, LogStore } from './store/log-store.js';
import { DEFAULT_TRANSFERS_PER_LINK, TransferStore } from './store/transfer-store.js';
import { logSerializers } from '../engine/logger.js';

import './context.js';

/**
 * Route plugins of the API, registered in this order. Each reads what it needs from
 * `app.studio`; a new area of the API adds its plugin here.
 */
export const apiRoutePlugins: FastifyPluginAsync[] = [
  healthRoutes,
  nodeTypeRoutes,
  nodeTypeReloadRoutes,
  flowRoutes,
  deploymentRoutes,
  exampleRoutes,
];

/** Example created when the studio starts for the first time with an empty store. */
export const FIRST_EXAMPLE_ID = 'seattle-weather-jsonl';

const EXAMPLES_SEEDED_KEY = 'examples_seeded';

export interface BuildAppOptions {
  config: StudioConfig;
  /** The server's logger; by default a pino logger at `config.logLevel`. */
  logger?: Logger;
  /** Node types to deploy; by default the built-in ones. `link` is added when missing. */
  registry?: NodeTypeRegistry;
  /** Create the first example flow when the store has never held a flow. Default true. */
  seedExamples?: boolean;
  transfersPerLink?: number;
  /** Maximum time a deploy request waits for the flow's start and immediate transfers, in ms. */
  deployStartWaitMs?: number;
  logLinesPerFlow?: number;
  live?: Omit<LiveHubOptions, 'logger'>;
  /**
   * Prefix of the flows' BullMQ queue keys in Redis, used when `config.planner` is 'bullmq', so
   * that tests sharing one Redis keep apart. Default: BullMQ's ('bull').
   */
  bullmqPrefix?: string;
}

/** Creates a registry with the built-in node types and `link`. */
export function createBuiltinRegistry(): NodeTypeRegistry {
  const registry = new NodeTypeRegistry();
  for (const definition of [...builtinNodeTypes, ...builtinProcessorDefinitions]) registry.register(definition, BUILTIN_SOURCE);
  registerLinkNodeType(registry);
  return registry;
}

/** Creates the server's logger; secrets in node configs are never passed to it, and auth headers are redacted. */
export function createServerLogger(level: string): Logger {
  return pino({
    level,
    serializers: logSerializers,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.uri'], censor: '[redacted]' },
  });
}

/**
 * Builds the studio server: the SQLite store in the data folder, the REST API, socket.io on the
 * same HTTP server, and the built client. Deployed flows start again once the app is ready.
 */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const logger = options.logger ?? createServerLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  mkdirSync(config.filesRoot, { recursive: true });

  const app = Fastify({ loggerInstance: logger as FastifyBaseLogger, bodyLimit: 10 * 1024 * 1024 });

  const registry = options.registry ?? createBuiltinRegistry();
  registerLinkNodeType(registry);

  const database = openDatabase(config.dataDir);
  const flows = new FlowStore(database);
  const transfers = new TransferStore(database, options.transfersPerLink ?? DEFAULT_TRANSFERS_PER_LINK);
  const logs = new LogStore(database, options.logLinesPerFlow ?? DEFAULT_LOG_LINES_PER_FLOW);
  const hub = new LiveHub(logs, { ...options.live, logger });
  const io = createSocketServer(app.server, hub, logger.child({ component: 'socket' }));
  const deployments = new DeploymentManager({
    registry,
    flows,
    transfers,
    hub,
    logger,
    filesRoot: config.filesRoot,
    // Buffers and dedupe windows live in the studio's database, so held records survive a crash.
    stateStore: new SqliteProcessorStateStore({ database }),
    startWaitMs: options.deployStartWaitMs,
    planner: plannerSettings(config, options.bullmqPrefix),
  });
  if (config.planner === 'bullmq') {
    logger.info({ redis: redactUrl(config.redisUrl) }, 'Deployed flows run on BullMQ');
  }
  const examples = new ExampleCatalogue(config.examplesDir, logger);

  const studio: StudioContext = { config, registry, database, flows, transfers, logs, hub, io, deployments, examples };
  app.decorate('studio', studio);

  examples.copyDataFiles(config.filesRoot);
  if ((options.seedExamples ?? true) && readMeta(database, EXAMPLES_SEEDED_KEY) === undefined) {
    seedFirstExample(studio, logger);
  }

  app.setErrorHandler(handleError);
  for (const plugin of apiRoutePlugins) await app.register(plugin);
  await registerClientRoutes(app);

  let restoring: Promise<void> | undefined;
  app.addHook('onReady', async () => {
    // Not awaited: a slow inlet must not hold up the server; deploy requests queue behind it per flow.
    restoring = deployments.restore().catch((error) => app.log.error({ err: error }, 'Starting deployed flows again failed'));
  });
  app.addHook('preClose', async () => {
    io.disconnectSockets(true);
    io.engine.close();
  });
  app.addHook('onClose', async () => {
    await restoring;
    await deployments.close();
    hub.close();
    database.close();
    app.log.info('Studio closed');
  });

  return app;
}

function plannerSettings(config: StudioConfig, prefix: string | undefined): FlowPlannerSettings {
  return config.planner === 'bullmq' ? { kind: 'bullmq', redisUrl: config.redisUrl, prefix } : { kind: 'node-schedule' };
}

function seedFirstExample(studio: StudioContext, logger: Logger): void {
  if (studio.flows.count() === 0) {
    const example = studio.examples.get(FIRST_EXAMPLE_ID);
    if (example) {
      const flow = studio.flows.create(example.flow);
      logger.info({ flowId: flow.id, exampleId: FIRST_EXAMPLE_ID }, 'Created the first example flow');
    } else {
      logger.warn({ exampleId: FIRST_EXAMPLE_ID }, 'First example flow not found; the studio starts empty');
    }
  }
  writeMeta(studio.database, EXAMPLES_SEEDED_KEY, new Date().toISOString());
}
