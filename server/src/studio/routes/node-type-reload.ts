import type { FastifyPluginAsync } from 'fastify';
import type { NodeTypesResponse } from '@databay-studio/shared';
import { reloadNodeTypes } from '../../registry/create-registry.js';

/**
 * POST /api/node-types/reload: imports the plugins again without a restart, responds with the
 * node types and problems GET /api/node-types now serves, and sends them to every open browser
 * as the `node-types` event. Deployed flows keep the definitions they were deployed with.
 */
export const nodeTypeReloadRoutes: FastifyPluginAsync = async (app) => {
  app.post('/api/node-types/reload', async (request): Promise<NodeTypesResponse> => {
    const { registry, config, hub } = app.studio;

    request.log.info({ pluginsDir: config.pluginsDir }, 'Reloading node type plugins');
    const response = await reloadNodeTypes(registry, { pluginsDir: config.pluginsDir, logger: request.log });

    hub.emitNodeTypes(response);
    return response;
  });
};
