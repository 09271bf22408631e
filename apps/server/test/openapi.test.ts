import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { createTestContext, type TestContext } from './helpers/context.js';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

test('/openapi.json is a valid OpenAPI 3.1 document', async () => {
  const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = res.json();
  assert.equal(doc.openapi, '3.1.0');
  const validator = new Validator();
  const result = await validator.validate(doc);
  assert.equal(validator.version, '3.1');
  assert.deepEqual(result.errors ?? [], [], JSON.stringify(result.errors, null, 2));
  assert.equal(result.valid, true);
});

test('the document describes every route the server has, with responses', async () => {
  const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const documented = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path}`);
  }
  const routes = ctx.app
    .printRoutes({ commonPrefix: false, includeMeta: false })
    .split('\n')
    .filter((l) => l.trim());
  assert.ok(routes.length > 0);
  const expected = [
    'GET /healthz',
    'GET /readyz',
    'GET /metrics',
    'GET /v1/programs',
    'POST /v1/programs',
    'GET /v1/programs/{id}',
    'PATCH /v1/programs/{id}',
    'POST /v1/programs/from-template',
    'GET /v1/program-templates',
    'GET /v1/program-templates/{name}',
    'GET /v1/members/{id}/metrics',
    'POST /v1/programs/{id}/analytics/refresh',
    'GET /v1/programs/{id}/analytics/models',
    'PUT /v1/programs/{id}/analytics/settings',
    'GET /v1/programs/{id}/analytics/rfm',
    'GET /v1/programs/{id}/analytics/loyalty-types',
    'GET /v1/programs/{id}/reports/kpis',
    'GET /v1/programs/{id}/reports/incrementality',
    'GET /v1/programs/{id}/reports/cohorts',
    'GET /v1/programs/{id}/reports/campaigns',
    'GET /v1/members/{id}/offers',
    'POST /v1/members/{id}/offers/{campaignId}/activate',
    'GET /v1/api-keys',
    'POST /v1/api-keys',
    'DELETE /v1/api-keys/{id}',
    'GET /v1/console/setup',
    'POST /v1/console/setup',
    'POST /v1/console/sessions',
    'DELETE /v1/console/sessions/current',
    'GET /v1/console/me',
    'GET /v1/admin-users',
    'POST /v1/admin-users',
    'PATCH /v1/admin-users/{id}',
    'DELETE /v1/admin-users/{id}',
    'GET /v1/audit-log',
    'POST /v1/members',
    'GET /v1/members',
    'GET /v1/members/lookup',
    'GET /v1/members/{id}',
    'PATCH /v1/members/{id}',
    'DELETE /v1/members/{id}',
    'POST /v1/members/{id}/identities',
    'DELETE /v1/members/{id}/identities/{identityId}',
    'POST /v1/members/{id}/cards',
    'POST /v1/members/{id}/points/spend',
    'POST /v1/members/{id}/points/holds',
    'POST /v1/members/{id}/points/holds/{holdId}/capture',
    'POST /v1/members/{id}/points/holds/{holdId}/release',
    'POST /v1/members/{id}/points/adjustments',
    'POST /v1/members/{id}/points/transfers',
    'GET /v1/members/{id}/balance',
    'GET /v1/members/{id}/activity',
    'POST /v1/members/{id}/merge',
    'POST /v1/transactions',
    'GET /v1/transactions/{id}',
    'POST /v1/transactions/{id}/returns',
    'POST /v1/transactions/{id}/cancel',
    'POST /v1/transactions/{id}/claim',
    'GET /v1/programs/{id}/ledger-policy',
    'PUT /v1/programs/{id}/ledger-policy',
    'GET /v1/programs/{id}/reports/liability',
    'GET /v1/programs/{id}/reports/partner-settlement',
    'GET /v1/programs/{id}/partners',
    'POST /v1/programs/{id}/partners',
    'GET /v1/programs/{id}/partners/{partnerId}',
    'PATCH /v1/programs/{id}/partners/{partnerId}',
    'POST /v1/programs/{id}/partners/{partnerId}/api-keys',
    'POST /v1/transactions/{id}/activate',
    'GET /v1/programs/{id}/wallets',
    'PUT /v1/programs/{id}/wallets/{code}',
    'GET /v1/campaigns',
    'POST /v1/campaigns',
    'GET /v1/campaigns/{id}',
    'PUT /v1/campaigns/{id}',
    'POST /v1/campaigns/{id}/publish',
    'POST /v1/campaigns/{id}/status',
    'GET /v1/campaigns/{id}/versions/{version}',
    'POST /v1/campaigns/{id}/backtest',
    'GET /v1/event-types',
    'PUT /v1/event-types/{type}',
    'POST /v1/event-types/standard',
    'POST /v1/events',
    'GET /v1/events/{id}',
    'POST /v1/members/{id}/explain',
    'GET /v1/members/{id}/coupons',
    'POST /v1/coupons/validate',
    'POST /v1/coupons/reserve',
    'POST /v1/coupons/redeem',
    'POST /v1/coupons/release',
    'POST /v1/coupon-series',
    'GET /v1/coupon-series',
    'GET /v1/coupon-series/{id}',
    'GET /v1/coupon-series/{id}/codes',
    'POST /v1/coupon-series/{id}/codes:import',
    'POST /v1/coupon-series/{id}/generate',
    'POST /v1/webhooks',
    'GET /v1/webhooks',
    'DELETE /v1/webhooks/{id}',
    'GET /v1/webhooks/{id}/deliveries',
    'GET /v1/programs/{id}/tiers',
    'PUT /v1/programs/{id}/tiers',
    'GET /v1/programs/{id}/tiers/recomputes/{recomputeId}',
    'GET /v1/members/{id}/tier',
    'PUT /v1/members/{id}/tier',
    'DELETE /v1/members/{id}/tier',
    'GET /v1/members/{id}/tier/history',
    'POST /v1/checkout/quote',
    'POST /v1/rewards',
    'GET /v1/rewards',
    'GET /v1/rewards/{id}',
    'PUT /v1/rewards/{id}',
    'GET /v1/members/{id}/rewards',
    'POST /v1/members/{id}/rewards/{rewardId}/redeem',
    'GET /v1/members/{id}/redemptions',
    'GET /v1/redemptions/{id}',
    'POST /v1/redemptions/{id}/cancel',
    'POST /v1/redemptions/{id}/fulfilment',
    'GET /v1/programs/{id}/membership-plans',
    'PUT /v1/programs/{id}/membership-plans/{code}',
    'POST /v1/members/{id}/memberships',
    'GET /v1/members/{id}/memberships',
    'GET /v1/memberships/{id}',
    'POST /v1/memberships/{id}/payments',
    'POST /v1/memberships/{id}/cancel',
    'POST /v1/programs/{id}/membership-rewards/run',
    'POST /v1/segments',
    'GET /v1/segments',
    'POST /v1/segments/preview',
    'GET /v1/segments/{id}',
    'PUT /v1/segments/{id}',
    'DELETE /v1/segments/{id}',
    'POST /v1/segments/{id}/recompute',
    'GET /v1/segments/{id}/sizes',
    'POST /v1/segments/{id}/members',
    'DELETE /v1/segments/{id}/members/{memberId}',
    'GET /v1/segments/{id}/members',
    'GET /v1/segments/{id}/members.csv',
    'GET /v1/members/{id}/segments',
    'GET /v1/portal/programs/{slug}',
    'POST /v1/portal/programs/{slug}/codes',
    'POST /v1/portal/programs/{slug}/sessions',
    'DELETE /v1/portal/session',
    'GET /v1/portal/me',
    'PATCH /v1/portal/me',
    'DELETE /v1/portal/me',
    'GET /v1/portal/me/balance',
    'GET /v1/portal/me/history',
    'GET /v1/portal/me/tier',
    'GET /v1/portal/me/rewards',
    'POST /v1/portal/me/rewards/{id}/redeem',
    'GET /v1/portal/me/coupons',
    'GET /v1/portal/me/offers',
    'POST /v1/portal/me/offers/{campaignId}/activate',
    'GET /v1/portal/me/export',
  ];
  for (const route of expected) assert.ok(documented.has(route), `${route} is missing from /openapi.json`);
  for (const [path, item] of Object.entries(
    doc.paths as Record<string, Record<string, { responses?: object }>>,
  )) {
    for (const [method, op] of Object.entries(item)) {
      assert.ok(
        op.responses && Object.keys(op.responses).length > 0,
        `${method} ${path} documents no responses`,
      );
    }
  }
  assert.ok(doc.components.schemas.Problem, 'the shared Problem schema is a named component');
  assert.ok(doc.components.schemas.RuleCondition, 'the recursive rule condition is a named component');
  assert.ok(doc.components.schemas.SegmentCondition, 'the recursive segment condition is a named component');
});

test('/docs serves the API reference page', async () => {
  const res = await ctx.app.inject({ method: 'GET', url: '/docs/' });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /text\/html/);
  assert.match(res.body, /swagger/i);
});
