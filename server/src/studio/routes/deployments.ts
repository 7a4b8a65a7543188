import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { flowParamsSchema } from './flows.js';
import { parseRequest } from './parse.js';

const linkParamsSchema = flowParamsSchema.extend({ linkId: z.string().min(1) });

const transfersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  linkId: z.string().min(1).optional(),
});

/** Deploy, stop, run a transfer now, transfer history and deployment state of a flow. */
export const deploymentRoutes: FastifyPluginAsync = async (app) => {
  const { flows, deployments, transfers } = app.studio;

  app.post('/api/flows/:id/deploy', async (request) => {
    const { id } = parseRequest(flowParamsSchema, request.params, 'path');
    const flow = flows.require(id);
    return deployments.deploy(flow);
  });

  app.post('/api/flows/:id/stop', async (request) => {
    const { id } = parseRequest(flowParamsSchema, request.params, 'path');
    flows.require(id);
    await deployments.stop(id);
    return deployments.info(id);
  });

  app.post('/api/flows/:id/links/:linkId/transfer', async (request) => {
    const { id, linkId } = parseRequest(linkParamsSchema, request.params, 'path');
    flows.require(id);
    const transfer = await deployments.transferNow(id, linkId);
    return { linkId, ...(transfer ? { transfer } : {}) };
  });

  app.get('/api/flows/:id/transfers', async (request) => {
    const { id } = parseRequest(flowParamsSchema, request.params, 'path');
    const { limit, linkId } = parseRequest(transfersQuerySchema, request.query, 'query');
    flows.require(id);
    return transfers.list(id, limit, linkId);
  });

  app.get('/api/flows/:id/deployment', async (request) => {
    const { id } = parseRequest(flowParamsSchema, request.params, 'path');
    flows.require(id);
    return deployments.info(id);
  });
};
