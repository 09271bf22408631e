import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** apps/web/dist, from both src/http (tsx) and dist/http (built): each sits two levels under apps/server. */
export const DEFAULT_WEB_ROOT = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../web/dist',
);

export function hasWebApp(root: string): boolean {
  return existsSync(path.join(root, 'index.html'));
}

/**
 * Serves the built web app (console and member portal) on the same origin as the API, so the browser needs no CORS
 * and session tokens never cross origins. Hashed assets are cached for a year; index.html never is, so a deploy is
 * picked up on the next load. Deep links (/admin/members/…, /p/<slug>/…) get index.html and the app routes them.
 */
export async function registerWebApp(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    wildcard: false,
    setHeaders(res, filePath) {
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const sendIndex = (_request: FastifyRequest, reply: FastifyReply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html');
  app.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/admin'));
  app.get('/admin', { schema: { hide: true } }, sendIndex);
  app.get('/admin/*', { schema: { hide: true } }, sendIndex);
  app.get('/p/*', { schema: { hide: true } }, sendIndex);
}
