import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { flowInputSchema, type Flow } from '@databay-studio/shared';
import { DEFAULT_PREVIEW_LIMIT, MAX_PREVIEW_LIMIT, previewLink } from '../deploy/preview.js';
import { flowParamsSchema } from './flows.js';
import { parseRequest } from './parse.js';

const linkParamsSchema = flowParamsSchema.extend({ linkId: z.string().min(1) });

const transfersQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
  linkId: z.string().min(1).optional(),
});

const previewLimitSchema = z.coerce.number().int().min(1).max(MAX_PREVIEW_LIMIT);

const previewQuerySchema = z.object({ limit: previewLimitSchema.optional() });

const previewBodySchema = z
  .object({
    /** An unsaved flow document to preview instead of the stored one. */
    flow: flowInputSchema.optional(),
    limit: previewLimitSchema.optional(),
  })
  .default({});

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

  app.post('/api/flows/:id/links/:linkId/preview', async (request) => {
    const { id, linkId } = parseRequest(linkParamsSchema, request.params, 'path');
    const query = parseRequest(previewQuerySchema, request.query, 'query');
    const body = parseRequest(previewBodySchema, request.body ?? {}, 'body');
    const stored = flows.require(id);
    const flow: Flow = body.flow ? { ...stored, ...body.flow, id } : stored;
    return previewLink(flow, linkId, {
      registry: app.studio.registry,
      filesRoot: app.studio.config.filesRoot,
      logger: app.log as unknown as Logger,
      limit: body.limit ?? query.limit ?? DEFAULT_PREVIEW_LIMIT,
    });
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
