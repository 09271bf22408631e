import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import { authenticateAdminSession } from '../modules/admin-users/admin-sessions.service.js';
import { type AdminRole, roleAllows } from '../modules/admin-users/roles.js';
import type { ApiKeyScope } from '../modules/api-keys/api-keys.repository.js';
import { authenticate } from '../modules/api-keys/api-keys.service.js';
import { partnerRouteAllowed } from '../modules/partners/partner-access.js';
import { authenticateMemberSession } from '../modules/portal/member-sessions.service.js';
import { forbidden, unauthorized } from './problem.js';

/** Who is calling: an integration's API key, a signed-in console user, or a signed-in member of the portal. */
export type Principal =
  | { kind: 'api_key'; keyId: string }
  | { kind: 'admin'; userId: string; role: AdminRole; sessionId: string }
  | { kind: 'member'; memberId: string; programId: string; sessionId: string };

export interface AuthContext {
  tenantId: string;
  /** What the caller may do on API routes: console users act with server scope, limited by their role. */
  scope: ApiKeyScope;
  /** Set for a coalition partner's key: it acts only for this partner, on the routes partners may call. */
  partnerId: string | null;
  principal: Principal;
  /** How the audit log names the caller: `api-key:<id>`, `admin:<id>` or `member:<id>`. */
  actor: string;
}

/**
 * Who may call a route: anyone; any valid key or console user (publishable = read-only member-facing subset);
 * server keys and console users (the default); a signed-in console user only; or a signed-in member only.
 */
export type RouteAccess = 'public' | 'publishable' | 'server' | 'admin' | 'member';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

const ADMIN_SESSION_PREFIX = 'tas_';
const MEMBER_SESSION_PREFIX = 'tms_';

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

async function memberContext(db: Db, secret: string, access: RouteAccess): Promise<AuthContext> {
  if (access !== 'member') {
    throw forbidden('member_session_not_allowed', 'A member session can only call the member portal API');
  }
  const session = await authenticateMemberSession(db, secret);
  if (session === undefined)
    throw unauthorized('invalid_session', 'The session has expired or was signed out');
  return {
    tenantId: session.tenantId,
    scope: 'publishable',
    partnerId: null,
    principal: {
      kind: 'member',
      memberId: session.memberId,
      programId: session.programId,
      sessionId: session.id,
    },
    actor: `member:${session.memberId}`,
  };
}

async function adminContext(db: Db, secret: string, request: FastifyRequest, access: RouteAccess) {
  if (access === 'member')
    throw forbidden('member_session_required', 'This operation needs a member session');
  const session = await authenticateAdminSession(db, secret);
  if (session === undefined)
    throw unauthorized('invalid_session', 'The session has expired or was signed out');
  const url = request.routeOptions.url ?? '';
  if (!roleAllows(session.role, request.method, url)) {
    throw forbidden('role_not_allowed', `The ${session.role} role cannot perform this operation`);
  }
  const context: AuthContext = {
    tenantId: session.tenantId,
    scope: 'server',
    partnerId: null,
    principal: { kind: 'admin', userId: session.userId, role: session.role, sessionId: session.id },
    actor: `admin:${session.userId}`,
  };
  return context;
}

async function apiKeyContext(db: Db, secret: string, request: FastifyRequest, access: RouteAccess) {
  if (access === 'member')
    throw forbidden('member_session_required', 'This operation needs a member session');
  if (access === 'admin') throw forbidden('admin_session_required', 'This operation needs a console sign-in');
  const key = await authenticate(db, secret);
  if (key === undefined) throw unauthorized('invalid_api_key', 'The API key is unknown or has been revoked');
  if (access === 'server' && key.scope !== 'server') {
    throw forbidden(
      'insufficient_scope',
      'This operation needs a server API key; publishable keys are read-only',
    );
  }
  if (key.partnerId !== null && !partnerRouteAllowed(request.method, request.routeOptions.url ?? '')) {
    throw forbidden('partner_key_not_allowed', 'A partner API key cannot call this operation');
  }
  const context: AuthContext = {
    tenantId: key.tenantId,
    scope: key.scope,
    partnerId: key.partnerId,
    principal: { kind: 'api_key', keyId: key.id },
    actor: `api-key:${key.id}`,
  };
  return context;
}

/**
 * Authenticates every /v1 route unless it is explicitly public. API routes default to server scope, so forgetting
 * to mark one can only make it stricter, never expose it. Operational routes (health, metrics, docs) are public.
 * The bearer's prefix says what it is, so each request costs one lookup.
 */
export function registerAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('auth', null as unknown as AuthContext);
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    const access = request.routeOptions.config.access ?? 'server';
    if (access === 'public' || url === undefined || !url.startsWith('/v1/')) return;
    const secret = bearer(request);
    if (secret === undefined) {
      throw unauthorized(
        'missing_api_key',
        'Send an API key or a session token as "Authorization: Bearer <token>"',
      );
    }
    if (secret.startsWith(MEMBER_SESSION_PREFIX)) request.auth = await memberContext(db, secret, access);
    else if (secret.startsWith(ADMIN_SESSION_PREFIX))
      request.auth = await adminContext(db, secret, request, access);
    else request.auth = await apiKeyContext(db, secret, request, access);
  });
}

/** The signed-in member of a 'member' route; the hook guarantees it. */
export function memberOf(request: FastifyRequest): {
  memberId: string;
  programId: string;
  sessionId: string;
} {
  const principal = request.auth.principal;
  if (principal.kind !== 'member')
    throw forbidden('member_session_required', 'This operation needs a member session');
  return principal;
}

/** The signed-in console user of an 'admin' route; the hook guarantees it. */
export function adminOf(request: FastifyRequest): { userId: string; role: AdminRole; sessionId: string } {
  const principal = request.auth.principal;
  if (principal.kind !== 'admin')
    throw forbidden('admin_session_required', 'This operation needs a console sign-in');
  return principal;
}
