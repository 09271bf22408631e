import type { FastifyInstance } from 'fastify';
import { forbidden } from '../../http/problem.js';
import { roleNeedsDryRun } from './roles.js';

/**
 * The authentication hook decides by route alone; whether a purchase or event is a dry run is in its query string,
 * known only after validation. Read-only roles may simulate those writes, so this check runs once the query is
 * parsed and refuses the real write with the same `role_not_allowed` as any other route they may not call.
 */
export function registerRoleGuard(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const principal = request.auth?.principal;
    if (principal?.kind !== 'admin') return;
    const url = request.routeOptions.url ?? '';
    if (!roleNeedsDryRun(principal.role, request.method, url)) return;
    const query = request.query as { dryRun?: unknown } | undefined;
    if (query?.dryRun !== true) {
      throw forbidden('role_not_allowed', `The ${principal.role} role can only dry-run this operation`);
    }
  });
}
