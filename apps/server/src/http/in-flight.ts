import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, RouteHandlerMethod } from 'fastify';

/**
 * Counts route handlers that are still running. Closing the HTTP server is not enough for a graceful shutdown: when a
 * client drops its connection the server forgets the request, but its handler may still be inside a database
 * transaction. Shutdown waits for this count to reach zero before closing the database. Must be installed before
 * any route is registered.
 */
export function trackInFlight(app: FastifyInstance): (timeoutMs: number) => Promise<boolean> {
  let running = 0;
  // Once closing, every response asks the client to close its keep-alive connection; otherwise the server would
  // wait for idle keep-alive sockets to time out (72 s) before it could finish closing.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  app.addHook('onRoute', (route) => {
    const handler = route.handler as RouteHandlerMethod;
    route.handler = async function tracked(this: FastifyInstance, request, reply) {
      running++;
      try {
        return await handler.call(this, request, reply);
      } finally {
        running--;
      }
    };
  });
  return async (timeoutMs) => {
    const deadline = Date.now() + timeoutMs;
    while (running > 0 && Date.now() < deadline) await sleep(10);
    return running === 0;
  };
}
