import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createError } from '../errors.js';
import { parseRequest } from './parse.js';

const exampleParamsSchema = z.object({ exampleId: z.string().min(1) });

/** GET /api/examples and POST /api/examples/:exampleId, which creates a flow from an example. */
export const exampleRoutes: FastifyPluginAsync = async (app) => {
  const { examples, flows, hub, config } = app.studio;

  app.get('/api/examples', async () => examples.list());

  app.post('/api/examples/:exampleId', async (request, reply) => {
    const { exampleId } = parseRequest(exampleParamsSchema, request.params, 'path');
    const example = examples.get(exampleId);
    if (!example) throw createError('DBS_EXAMPLE_NOT_FOUND', exampleId);

    examples.copyDataFiles(config.filesRoot);
    const flow = flows.create(example.flow);
    request.log.info({ flowId: flow.id, exampleId }, 'Flow created from an example');
    hub.emitFlowChanged({ flowId: flow.id, version: flow.version, deployed: false });
    return reply.code(201).send(flow);
  });
};
