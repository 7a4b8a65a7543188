import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasBuiltClient } from '../config.js';
import { createError } from '../errors.js';

const BUILD_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Databay Studio</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>Databay Studio</h1>
<p>The server runs, but the browser app is not built yet. Run <code>npm run build</code> in the repository, then reload this page.</p>
<p>The API answers under <code>/api</code>, e.g. <a href="/api/health">/api/health</a>.</p>
</body>
</html>
`;

function hasFileExtension(pathname: string): boolean {
  const lastSegment = pathname.slice(pathname.lastIndexOf('/') + 1);
  return lastSegment.includes('.');
}

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?') || url.startsWith('/socket.io');
}

/**
 * Serves the built client from client/dist, with index.html for every other GET so that the
 * browser app's own routes work on reload. Unknown API routes get DBS_ROUTE_NOT_FOUND.
 * Registered on the root instance, because the not-found handler must cover every path.
 */
export async function registerClientRoutes(app: FastifyInstance): Promise<void> {
  const builtClient = hasBuiltClient(app.studio.config);
  if (builtClient) {
    await app.register(fastifyStatic, { root: app.studio.config.clientDir, prefix: '/' });
  } else {
    app.get('/', async (_request, reply) => reply.type('text/html').send(BUILD_PAGE));
    app.log.warn({ clientDir: app.studio.config.clientDir }, 'Built client not found; serving a page that asks to run npm run build');
  }

  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = request.url.split('?')[0];
    // A missing file such as /assets/app.js gets a 404, because index.html in its place would fail as a script.
    const isPageRequest =
      (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(request.url) && !hasFileExtension(pathname);
    if (!isPageRequest) throw createError('DBS_ROUTE_NOT_FOUND', request.method, pathname);

    if (builtClient) return reply.type('text/html').sendFile('index.html');
    return reply.type('text/html').send(BUILD_PAGE);
  });
}
