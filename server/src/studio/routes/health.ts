import type { FastifyPluginAsync } from 'fastify';

/** GET /api/health: the server is up and the store answers. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/api/health', async () => {
    const flows = app.studio.flows.count();
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()), flows };
  });
};
