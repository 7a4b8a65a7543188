import type { NodeTypeRegistry } from '../registry/registry.js';
import type { StudioConfig } from './config.js';
import type { DeploymentManager } from './deploy/deployment-manager.js';
import type { ExampleCatalogue } from './examples/catalogue.js';
import type { LiveHub, StudioSocketServer } from './live/live-hub.js';
import type { StudioDatabase } from './store/database.js';
import type { FlowStore } from './store/flow-store.js';
import type { LogStore } from './store/log-store.js';
import type { TransferStore } from './store/transfer-store.js';

/** Everything a route plugin needs, available as `app.studio`. */
export interface StudioContext {
  config: StudioConfig;
  registry: NodeTypeRegistry;
  database: StudioDatabase;
  flows: FlowStore;
  transfers: TransferStore;
  logs: LogStore;
  hub: LiveHub;
  io: StudioSocketServer;
  deployments: DeploymentManager;
  examples: ExampleCatalogue;
}

declare module 'fastify' {
  interface FastifyInstance {
    studio: StudioContext;
  }
}
