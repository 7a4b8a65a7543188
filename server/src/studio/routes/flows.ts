import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { flowInputSchema, flowUpdateSchema } from '@databay-studio/shared';
import { parseRequest } from './parse.js';

export const flowParamsSchema = z.object({ id: z.string().min(1) });

/** Flow CRUD: GET|POST /api/flows, GET|PUT|DELETE /api/flows/:id. */
export const flowRoutes: FastifyPluginAsync = async (app) => {
  const { flows, deployments, hub } = app.studio;

  // A deployed flow also lists its stale node types, so the flow list can mark flows to deploy again.
  app.get('/api/flows', async () =>
    flows.list().map((summary) => (summary.deployed ? { ...summary, staleTypes: deployments.staleTypes(summary.id) } : summary)),
  );

  app.post('/api/flows', async (request, reply) => {
    const input = parseRequest(flowInputSchema, request.body, 'body');

    const flow = flows.create(input);
    request.log.info({ flowId: flow.id }, 'Flow created');
    hub.emitFlowChanged({ flowId: flow.id, version: flow.version, deployed: false });
    return reply.code(201).send(flow);
  });

  app.get('/api/flows/:id', async (request) => {
    const { id } = parseRequest(flowParamsSchema, request.params, 'path');
    return flows.require(id);
  });

  app.put('/api/flows/:id', async (request) => {
    const { id } = parseRequest(flowParamsSchema, request.params, 'path');
    const { version, ...content } = parseRequest(flowUpdateSchema, request.body, 'body');

    const flow = flows.update(id, version, content);
    request.log.info({ flowId: id, version: flow.version }, 'Flow saved');
    hub.emitFlowChanged({ flowId: id, version: flow.version, deployed: deployments.isDeployed(id) });
    return flow;
  });

  app.delete('/api/flows/:id', async (request, reply) => {
    const { id } = parseRequest(flowParamsSchema, request.params, 'path');
    flows.require(id);

    await deployments.stop(id);
    flows.delete(id);
    hub.forgetFlow(id);
    request.log.info({ flowId: id }, 'Flow deleted');
    hub.emitFlowChanged({ flowId: id, deleted: true });
    return reply.code(204).send();
  });
};
