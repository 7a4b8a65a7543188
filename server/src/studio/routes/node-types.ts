import type { FastifyPluginAsync } from 'fastify';
import type { NodeTypesResponse } from '@databay-studio/shared';

/** GET /api/node-types: every registered node type and the problems of the ones that failed. */
export const nodeTypeRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/node-types', async (): Promise<NodeTypesResponse> => {
    const { registry } = app.studio;
    return { nodeTypes: registry.descriptors(), problems: [...registry.problems] };
  });
};
