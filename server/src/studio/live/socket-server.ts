import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { z } from 'zod';
import { SocketEvents } from '@databay-studio/shared';
import type { LiveHub, StudioSocketServer } from './live-hub.js';

const subscribeSchema = z.object({
  flowId: z.string().min(1),
  afterSeq: z.number().int().min(0).optional(),
});

const unsubscribeSchema = z.object({ flowId: z.string().min(1) });

/** Starts socket.io on the HTTP server and routes `subscribe` and `unsubscribe` to the hub. */
export function createSocketServer(httpServer: HttpServer, hub: LiveHub, logger: Logger): StudioSocketServer {
  const io: StudioSocketServer = new Server(httpServer, { serveClient: false });
  hub.attach(io);

  io.on('connection', (socket) => {
    const socketLogger = logger.child({ socketId: socket.id });
    socketLogger.debug('Socket connected');

    socket.on(SocketEvents.subscribe, (request) => {
      const parsed = subscribeSchema.safeParse(request);
      if (!parsed.success) {
        socketLogger.info({ request, issues: parsed.error.issues }, 'Invalid subscribe request ignored');
        return;
      }

      try {
        const replayed = hub.subscribe(socket, parsed.data.flowId, parsed.data.afterSeq);
        socketLogger.debug({ flowId: parsed.data.flowId, afterSeq: parsed.data.afterSeq, replayed }, 'Socket subscribed');
      } catch (error) {
        socketLogger.error({ err: error, flowId: parsed.data.flowId }, 'Subscribing a socket failed');
      }
    });

    socket.on(SocketEvents.unsubscribe, (request) => {
      const parsed = unsubscribeSchema.safeParse(request);
      if (!parsed.success) {
        socketLogger.info({ request }, 'Invalid unsubscribe request ignored');
        return;
      }
      hub.unsubscribe(socket, parsed.data.flowId);
    });

    socket.on('disconnect', (reason) => socketLogger.debug({ reason }, 'Socket disconnected'));
  });

  return io;
}
