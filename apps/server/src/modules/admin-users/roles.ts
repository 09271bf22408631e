/**
 * What each console role may call, decided per route (method + route URL) before the handler runs.
 *
 * | Role     | Reads (GET)                                   | Writes                                                   |
 * | -------- | --------------------------------------------- | -------------------------------------------------------- |
 * | owner    | everything                                    | everything                                               |
 * | marketer | everything except API keys, webhooks, users   | everything except API keys, webhooks, users              |
 * | support  | everything except API keys, webhooks, users   | member care: enrol, profile and consents, identities and |
 * |          |                                               | cards, point adjustments, purchase claims, merges,       |
 * |          |                                               | reward/coupon redemption and voids, offer activation;    |
 * |          |                                               | plus everything an analyst may compute                   |
 * | analyst  | everything except API keys, webhooks, users   | only computations that write nothing: segment preview,   |
 * |          |                                               | explain, backtest, coupon validation, checkout quote,    |
 * |          |                                               | and purchases/events with `dryRun=true`                  |
 *
 * Every role may read its own account (`GET /v1/console/me`) and sign out. API keys, webhooks and console users are
 * the keys to the kingdom (they let a caller act without a console session or receive member data elsewhere), so
 * only owners see them. The audit log is a GET and so readable by every role: changes are meant to be visible.
 * Write access is an allow-list for support and analysts, so a route added later is read-only for them until it is
 * listed here on purpose.
 */
export type AdminRole = 'owner' | 'marketer' | 'support' | 'analyst';

export const ADMIN_ROLES: readonly AdminRole[] = ['owner', 'marketer', 'support', 'analyst'];

/** Path segments that only owners reach, whatever the method (partner API keys included). */
const OWNER_ONLY = /\/(api-keys|webhooks|admin-users)(\/|$)/;

/** The console's own routes: every signed-in user manages their own session. */
const SELF_SERVICE = new Set(['GET /v1/console/me', 'DELETE /v1/console/sessions/current']);

/** POSTs that compute an answer and write nothing. */
const COMPUTE_ONLY = new Set([
  'POST /v1/segments/preview',
  'POST /v1/members/:id/explain',
  'POST /v1/campaigns/:id/backtest',
  'POST /v1/coupons/validate',
  'POST /v1/checkout/quote',
]);

/** Writes that answer without writing when called with `?dryRun=true`; read-only roles may only dry-run them. */
const DRY_RUN = new Set(['POST /v1/transactions', 'POST /v1/events']);

/** Member care at a support desk. */
const SUPPORT_WRITES = new Set([
  'POST /v1/members',
  'PATCH /v1/members/:id',
  'POST /v1/members/:id/identities',
  'DELETE /v1/members/:id/identities/:identityId',
  'POST /v1/members/:id/cards',
  'POST /v1/members/:id/points/adjustments',
  'POST /v1/members/:id/merge',
  'POST /v1/transactions/:id/claim',
  'POST /v1/members/:id/rewards/:rewardId/redeem',
  'POST /v1/redemptions/:id/cancel',
  'POST /v1/coupons/redeem',
  'POST /v1/coupons/release',
  'POST /v1/members/:id/offers/:campaignId/activate',
]);

/** Fastify names parameters `:id`; the OpenAPI document names them `{id}`. Both spellings are accepted. */
function routeKey(method: string, routeUrl: string): string {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  return `${m} ${routeUrl.replace(/\{([^}]+)\}/g, ':$1')}`;
}

export function roleAllows(role: AdminRole, method: string, routeUrl: string): boolean {
  const key = routeKey(method, routeUrl);
  if (role === 'owner' || SELF_SERVICE.has(key)) return true;
  if (OWNER_ONLY.test(routeUrl)) return false;
  if (role === 'marketer') return true;
  if (key.startsWith('GET ') || COMPUTE_ONLY.has(key) || DRY_RUN.has(key)) return true;
  return role === 'support' && SUPPORT_WRITES.has(key);
}

/** True when the role may call this route only as a dry run (`?dryRun=true`), which the role guard enforces. */
export function roleNeedsDryRun(role: AdminRole, method: string, routeUrl: string): boolean {
  return (role === 'support' || role === 'analyst') && DRY_RUN.has(routeKey(method, routeUrl));
}
