import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';
import { onPostgres } from './helpers/database.js';

/**
 * Budgets are consumed in the same transaction as the points they cap, under a row lock: 200 purchases racing for a
 * 1,000-point budget issue exactly 1,000 points, and the ledger agrees. (PostgreSQL: PGlite runs one query at a time.)
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);

test('200 parallel purchases never overspend a 1,000-point campaign budget', {
  skip: !onPostgres,
}, async () => {
  const created = await api('POST', '/v1/campaigns', {
    name: 'Flash bonus',
    budget: { total: 1000 },
    rules: [
      {
        key: 'flash',
        name: 'Flash bonus',
        trigger: { type: 'purchase' },
        effects: [{ kind: 'points_fixed', points: 30 }],
        limits: [{ period: 'day', maxCount: 5 }],
      },
    ],
    publish: true,
  });
  assert.equal(created.statusCode, 201, created.body);
  const versionId = created.json().versions[0].id as string;
  const members: string[] = [];
  for (let i = 0; i < 20; i++) {
    members.push((await api('POST', '/v1/members', { firstName: `Racer ${i}` })).json().id);
  }
  const responses = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      api('POST', '/v1/transactions', {
        externalId: `RACE-${i}`,
        memberId: members[i % members.length],
        occurredAt: new Date().toISOString(),
        currency: 'EUR',
        lines: [{ sku: 'S', quantity: 1, unitPrice: 500 }],
      }),
    ),
  );
  for (const r of responses) assert.equal(r.statusCode, 201, r.body);
  const bonus = responses
    .flatMap((r) => r.json().effects as { rule: { ruleKey: string }; points: number }[])
    .filter((e) => e.rule.ruleKey === 'flash')
    .reduce((s, e) => s + e.points, 0);
  assert.equal(bonus, 1000, 'the budget is spent exactly, never more');
  const ledger = await sql<{ n: string }>`
    SELECT coalesce(sum(e.amount), 0) AS n FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
    WHERE e.campaign_version_id = ${versionId} AND a.member_id IS NOT NULL`.execute(ctx.db);
  assert.equal(Number(ledger.rows[0]?.n), 1000, 'the ledger agrees');
  const usage = await sql<{
    points: string;
  }>`SELECT points FROM rule_usage WHERE key LIKE 'budget:%'`.execute(ctx.db);
  assert.deepEqual(
    usage.rows.map((r) => Number(r.points)),
    [1000],
  );
  // Per-member limits held too: no member got the bonus more than 5 times in the day.
  const perMember = await sql<{ n: string }>`
    SELECT max(count) AS n FROM rule_usage WHERE key LIKE 'rule:%'`.execute(ctx.db);
  assert.ok(Number(perMember.rows[0]?.n) <= 5);
  assert.deepEqual(await verifyLedger(ctx.db), []);
});
