import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_REWARDS, DEMO_SEGMENTS } from '../src/demo/demo-catalog.js';
import { seedDemo } from '../src/demo/seed-demo.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * The demo brand is what a new user explores first: it must hold a believable program (members who joined before
 * they shopped, tiers reached by their spend, rewards redeemed with points they had) and a ledger that balances.
 */
let ctx: TestContext;
let key: string;
let programId: string;
before(async () => {
  ctx = await createTestContext();
  const demo = await seedDemo(ctx.db, { members: 80 });
  key = demo.apiKey;
  programId = demo.programId;
});
after(() => ctx.close());

const api = (method: string, url: string) => call(ctx.app, key, method, url);

test('demo members joined over the years before their first purchase', async () => {
  const members = await ctx.db
    .selectFrom('members')
    .select(['id', 'created_at'])
    .where('program_id', '=', programId)
    .execute();
  assert.equal(members.length, 80);
  const joined = members.map((m) => m.created_at.getTime()).sort((a, b) => a - b);
  const span = ((joined.at(-1) ?? 0) - (joined[0] ?? 0)) / 86_400_000;
  assert.ok(span > 365, `enrolments span ${span} days`);
  const early = await ctx.db
    .selectFrom('transactions')
    .innerJoin('members', 'members.id', 'transactions.member_id')
    .select('transactions.external_id')
    .where('transactions.program_id', '=', programId)
    .whereRef('transactions.occurred_at', '<', 'members.created_at')
    .execute();
  assert.deepEqual(early, []);
});

test('the demo has its tiers, rewards and segments, and members redeemed rewards they could afford', async () => {
  const tiers = (await api('GET', `/v1/programs/${programId}/tiers`)).json();
  assert.deepEqual(
    tiers.tiers.map((t: { code: string }) => t.code),
    ['bronze', 'silver', 'gold'],
  );
  const rewards = (await api('GET', `/v1/rewards?programId=${programId}`)).json();
  assert.deepEqual(
    rewards.items.map((r: { code: string }) => r.code).sort(),
    DEMO_REWARDS.map((r) => r.code).sort(),
  );
  const segments = (await api('GET', `/v1/segments?programId=${programId}`)).json();
  assert.equal(segments.items.length, DEMO_SEGMENTS.length);

  const redemptions = await ctx.db
    .selectFrom('reward_redemptions')
    .select(['member_id', 'cost', 'created_at'])
    .where('program_id', '=', programId)
    .execute();
  assert.ok(redemptions.length > 5, `${redemptions.length} redemptions`);
  // Redeemed along the replayed history, not all at the moment of seeding.
  assert.ok(redemptions.some((r) => r.created_at.getTime() < Date.now() - 30 * 86_400_000));
  // Every redemption was paid for: no wallet went below zero, and the ledger balances.
  const negative = await ctx.db
    .selectFrom('ledger_accounts')
    .select('id')
    .where('program_id', '=', programId)
    .where('member_id', 'is not', null)
    .where('balance', '<', 0)
    .execute();
  assert.deepEqual(negative, []);
  assert.deepEqual(await verifyLedger(ctx.db, programId), []);
});
