import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import type { ApiKeyScope } from '../modules/api-keys/api-keys.repository.js';
import { authenticate } from '../modules/api-keys/api-keys.service.js';
import { partnerRouteAllowed } from '../modules/partners/partner-access.js';
import { forbidden, unauthorized } from './problem.js';

export interface AuthContext {
  tenantId: string;
  keyId: string;
  scope: ApiKeyScope;
  /** Set for a coalition partner's key: it acts only for this partner, on the routes partners may call. */
  partnerId: string | null;
}

/** Who may call a route: anyone, any valid key (publishable = read-only member-facing subset), or server keys. */
export type RouteAccess = 'public' | 'publishable' | 'server';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Authenticates every /v1 route unless it is explicitly public. API routes default to server scope, so forgetting
 * to mark one can only make it stricter, never expose it. Operational routes (health, metrics, docs) are public.
 */
export function registerAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('auth', null as unknown as AuthContext);
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    const access = request.routeOptions.config.access ?? 'server';
    if (access === 'public' || url === undefined || !url.startsWith('/v1/')) return;
    const secret = bearer(request);
    if (secret === undefined) {
      throw unauthorized('missing_api_key', 'Send an API key as "Authorization: Bearer <key>"');
    }
    const key = await authenticate(db, secret);
    if (key === undefined)
      throw unauthorized('invalid_api_key', 'The API key is unknown or has been revoked');
    if (access === 'server' && key.scope !== 'server') {
      throw forbidden(
        'insufficient_scope',
        'This operation needs a server API key; publishable keys are read-only',
      );
    }
    if (key.partnerId !== null && !partnerRouteAllowed(request.method, url)) {
      throw forbidden('partner_key_not_allowed', 'A partner API key cannot call this operation');
    }
    request.auth = { tenantId: key.tenantId, keyId: key.id, scope: key.scope, partnerId: key.partnerId };
  });
}
