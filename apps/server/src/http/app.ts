import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Db } from '../db/database.js';
import { adminUsersRoutes } from '../modules/admin-users/admin-users.routes.js';
import { consoleRoutes } from '../modules/admin-users/console.routes.js';
import { registerRoleGuard } from '../modules/admin-users/role-guard.js';
import { analyticsRoutes } from '../modules/analytics/analytics.routes.js';
import { kpisRoutes } from '../modules/analytics/kpis/kpis.routes.js';
import { apiKeysRoutes } from '../modules/api-keys/api-keys.routes.js';
import { auditLogRoutes } from '../modules/audit/audit-log.routes.js';
import { campaignsRoutes } from '../modules/campaigns/campaigns.routes.js';
import { couponSeriesRoutes } from '../modules/coupons/coupon-series.routes.js';
import { couponsRoutes } from '../modules/coupons/coupons.routes.js';
import { backtestRoutes } from '../modules/engine/backtest.routes.js';
import { explainRoutes } from '../modules/engine/explain.routes.js';
import { eventsRoutes } from '../modules/events/events.routes.js';
import { balanceRoutes } from '../modules/ledger/balance.routes.js';
import { pointsRoutes } from '../modules/ledger/points.routes.js';
import { policyRoutes } from '../modules/ledger/policy.routes.js';
import { reportsRoutes } from '../modules/ledger/reports.routes.js';
import { walletsRoutes } from '../modules/ledger/wallets.routes.js';
import { identitiesRoutes } from '../modules/members/identities.routes.js';
import { membersRoutes } from '../modules/members/members.routes.js';
import { membershipsRoutes } from '../modules/memberships/memberships.routes.js';
import { mergeRoutes } from '../modules/merge/merge.routes.js';
import { offersRoutes } from '../modules/offers/offers.routes.js';
import { partnersRoutes } from '../modules/partners/partners.routes.js';
import { logMailer, type Mailer } from '../modules/portal/mailer.js';
import { portalRoutes } from '../modules/portal/portal.routes.js';
import { rewardsRoutes } from '../modules/rewards/rewards.routes.js';
import { RuleConditionSchema } from '../modules/rules/rule.schemas.js';
import { SegmentConditionSchema } from '../modules/segments/segment-condition.schemas.js';
import { segmentsRoutes } from '../modules/segments/segments.routes.js';
import { templatesRoutes } from '../modules/templates/templates.routes.js';
import { programsRoutes } from '../modules/tenants/programs.routes.js';
import { tiersRoutes } from '../modules/tiers/tiers.routes.js';
import { transactionsRoutes } from '../modules/transactions/transactions.routes.js';
import { webhooksRoutes } from '../modules/webhooks/webhooks.routes.js';
import { registerAuth } from './auth.js';
import { registerErrorHandling } from './error-handler.js';
import { healthRoutes } from './health.routes.js';
import { trackInFlight } from './in-flight.js';
import { registerMetrics } from './metrics.js';
import { registerOpenApi } from './openapi.js';
import { ProblemSchema } from './problem.js';
import { addSharedSchema, validatorCompiler } from './validation.js';
import { hasWebApp, registerWebApp } from './web.js';

export const API_VERSION = '0.1.0';
export const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppOptions {
  db: Db;
  logger?: FastifyServerOptions['logger'];
  /** Directory of the built web app (console and portal) to serve at /admin and /p; absent or unbuilt: API only. */
  webRoot?: string | undefined;
  /** Sends member sign-in codes (SMTP in production, a capture in tests); absent: codes go to the log. */
  mailer?: Mailer | undefined;
}

export interface Api {
  app: FastifyInstance;
  /** Resolves once no handler is running (or the timeout passed); true when fully drained. */
  drain: (timeoutMs: number) => Promise<boolean>;
}

/** Builds the HTTP application; listening, shutdown and the database's lifetime belong to the caller. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  return (await buildApi(options)).app;
}

export async function buildApi(options: AppOptions): Promise<Api> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // Graceful shutdown: close() stops accepting, drops idle keep-alive sockets, and lets in-flight requests finish.
    forceCloseConnections: 'idle',
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  // The API speaks JSON only; Fastify's built-in text/plain parser would let a text body reach validation (400)
  // instead of being refused as an unsupported media type (415).
  app.removeContentTypeParser('text/plain');
  for (const shared of [ProblemSchema, RuleConditionSchema, SegmentConditionSchema]) {
    app.addSchema(shared);
    addSharedSchema(shared);
  }
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const drain = trackInFlight(app);
  registerErrorHandling(app);
  await registerOpenApi(app, API_VERSION);
  registerMetrics(app);
  registerAuth(app, options.db);
  registerRoleGuard(app);

  await app.register(healthRoutes(options.db));
  await app.register(programsRoutes(options.db));
  await app.register(templatesRoutes(options.db));
  await app.register(analyticsRoutes(options.db));
  await app.register(kpisRoutes(options.db));
  await app.register(offersRoutes(options.db));
  await app.register(apiKeysRoutes(options.db));
  await app.register(consoleRoutes(options.db));
  await app.register(adminUsersRoutes(options.db));
  await app.register(auditLogRoutes(options.db));
  await app.register(membersRoutes(options.db));
  await app.register(identitiesRoutes(options.db));
  await app.register(pointsRoutes(options.db));
  await app.register(balanceRoutes(options.db));
  await app.register(policyRoutes(options.db));
  await app.register(reportsRoutes(options.db));
  await app.register(partnersRoutes(options.db));
  await app.register(walletsRoutes(options.db));
  await app.register(transactionsRoutes(options.db));
  await app.register(mergeRoutes(options.db));
  await app.register(campaignsRoutes(options.db));
  await app.register(eventsRoutes(options.db));
  await app.register(explainRoutes(options.db));
  await app.register(backtestRoutes(options.db));
  await app.register(couponsRoutes(options.db));
  await app.register(couponSeriesRoutes(options.db));
  await app.register(webhooksRoutes(options.db));
  await app.register(tiersRoutes(options.db));
  await app.register(membershipsRoutes(options.db));
  await app.register(rewardsRoutes(options.db));
  await app.register(segmentsRoutes(options.db));
  await app.register(portalRoutes(options.db, options.mailer ?? logMailer(app.log)));
  if (options.webRoot !== undefined && hasWebApp(options.webRoot)) await registerWebApp(app, options.webRoot);
  return { app, drain };
}
