import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runJobsTick } from '../src/maintenance.js';
import { credit } from '../src/modules/ledger/credit.js';
import { ledgerScope } from '../src/modules/ledger/ledger.service.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { runAutoRedeem } from '../src/modules/rewards/auto-redeem.js';
import { createReward } from '../src/modules/rewards/manage-reward.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Automatic conversion: rewards with `autoRedeem` are redeemed by a job for every member whose balance covers them,
 * through the ordinary redemption (debit, coupon, stock, limits, eligibility), continuously or once in each listed
 * month, at most `maxPerRun` units per member and run, and never twice for the same run. Programs run on New York
 * time; every member's points are one lot available from LOT_AT, so the job's `now` decides everything.
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const LOT_AT = new Date('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const log = { info: () => undefined, error: () => undefined };
let seq = 0;

async function program(): Promise<Program> {
  const res = await api('POST', '/v1/programs', {
    slug: `auto-${++seq}`,
    name: `Auto ${seq}`,
    currency: 'USD',
    timezone: 'America/New_York',
    attributeSchema: [{ key: 'plan', type: 'string', enum: ['quick', 'save'] }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return getProgram(ctx.db, ctx.a.tenantId, res.json().id);
}

async function member(p: Program, points: number, attributes: object = {}): Promise<string> {
  const res = await api('POST', '/v1/members', { programId: p.id, firstName: `M${++seq}`, attributes });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  await give(p, id, points);
  return id;
}

async function give(p: Program, memberId: string, amount: number): Promise<void> {
  await credit(ctx.db, await ledgerScope(ctx.db, p), {
    wallet: { memberId, code: 'points', unit: 'points' },
    amount,
    kind: 'adjust_credit',
    counter: 'adjustments',
    occurredAt: LOT_AT,
    availableAt: LOT_AT,
    expiresAt: null,
    explanation: 'test lot',
  });
}

async function reward(p: Program, body: object): Promise<string> {
  const res = await api('POST', '/v1/rewards', {
    programId: p.id,
    code: `auto-${++seq}`,
    name: '$5 Reward',
    type: 'amount_discount',
    cost: 100,
    value: { amount: 500, couponValidDays: 60 },
    ...body,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

async function points(memberId: string): Promise<number> {
  const res = await api('GET', `/v1/members/${memberId}/balance`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().wallets.find((w: { wallet: string }) => w.wallet === 'points').balance;
}

interface Redemption {
  reference: string;
  actor: string;
  cost: number;
  rewardId: string;
  coupon: { validUntil: string } | null;
}
async function redemptions(memberId: string): Promise<Redemption[]> {
  const res = await api('GET', `/v1/members/${memberId}/redemptions`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items;
}

const run = (p: Program, at: string) => runAutoRedeem(ctx.db, p, new Date(at));

test('the job is scheduled and registered: a tick converts what is due now', async () => {
  const p = await program();
  await reward(p, { autoRedeem: {} });
  const m = await member(p, 230);
  await runJobsTick(ctx.db, log, 'test-worker', new Date());
  // 230 points: two $5 Rewards (2 × 100), 30 left.
  assert.equal(await points(m), 30);
  const made = await redemptions(m);
  assert.equal(made.length, 2);
  assert.ok(made.every((r) => r.actor === 'auto' && r.reference.startsWith('auto:')));
});

test('continuous conversion: every 100 points become a $5 coupon, the rest stays, and a rerun converts nothing', async () => {
  const p = await program();
  const id = await reward(p, { autoRedeem: {} });
  const m = await member(p, 250);
  const poor = await member(p, 99);
  const first = await run(p, '2026-03-10T15:00:00Z');
  // 250 → 2 coupons, 50 left; 99 covers nothing.
  assert.deepEqual([first.redeemed, first.members, first.failed], [2, 1, 0]);
  assert.equal(await points(m), 50);
  assert.equal(await points(poor), 99);
  const coupons = (await api('GET', `/v1/members/${m}/coupons`)).json().items;
  assert.equal(coupons.length, 2);
  for (const c of coupons) {
    assert.deepEqual(c.discount, { type: 'amount', value: 500 });
    assert.equal(c.source, `reward:${id}`);
    // Valid 60 days from the run.
    assert.equal(c.validUntil, new Date(Date.parse('2026-03-10T15:00:00Z') + 60 * DAY).toISOString());
  }

  const again = await run(p, '2026-03-10T15:00:00Z');
  assert.equal(again.redeemed, 0, 'a rerun at the same time converts nothing');
  await give(p, m, 60);
  // 110 now; this hour's run already took care of the member, the next hour's converts one more.
  assert.equal((await run(p, '2026-03-10T15:30:00Z')).redeemed, 0);
  assert.equal((await run(p, '2026-03-10T16:05:00Z')).redeemed, 1);
  assert.equal(await points(m), 10);
  assert.equal((await redemptions(m)).length, 3);
});

test('a months-restricted run happens once in each listed month, capped per run, with the rest carried over', async () => {
  const p = await program();
  const id = await reward(p, {
    name: '$10 reward',
    value: { amount: 1000, couponValidDays: 335 },
    autoRedeem: { months: [6, 10, 2], maxPerRun: 5 },
  });
  const m = await member(p, 730);
  // 03:00 UTC on 1 June is still 31 May in New York: no run yet.
  assert.equal((await run(p, '2026-06-01T03:00:00Z')).runs, 0);
  assert.equal(await points(m), 730);
  // 1 June, 01:00 local: 730 covers 7 units, the cap is 5: 500 spent, 230 carried over.
  const june = await run(p, '2026-06-01T05:00:00Z');
  assert.deepEqual([june.runs, june.redeemed], [1, 5]);
  assert.equal(await points(m), 230);
  await give(p, m, 200);
  // 430 now, but June's run is done and July is not a run month.
  assert.equal((await run(p, '2026-06-15T12:00:00Z')).redeemed, 0);
  assert.equal((await run(p, '2026-07-01T12:00:00Z')).runs, 0);
  assert.equal(await points(m), 430);
  // October: 430 covers 4 units; 30 stays.
  assert.equal((await run(p, '2026-10-01T12:00:00Z')).redeemed, 4);
  assert.equal(await points(m), 30);
  assert.equal((await run(p, '2026-10-20T12:00:00Z')).redeemed, 0);
  const runs = await ctx.db
    .selectFrom('reward_auto_runs')
    .select(['run_key', 'members', 'redeemed'])
    .where('reward_id', '=', id)
    .orderBy('run_key')
    .execute();
  assert.deepEqual(runs, [
    { run_key: '2026-06', members: 1, redeemed: 5 },
    { run_key: '2026-10', members: 1, redeemed: 4 },
  ]);
  const made = await redemptions(m);
  assert.equal(made.length, 9);
  assert.ok(made.every((r) => r.actor === 'auto' && r.cost === 100));
});

test('eligibility, stock and the member price are respected', async () => {
  const p = await program();
  const quick = await reward(p, {
    autoRedeem: {},
    eligibility: { condition: { kind: 'member_attribute', key: 'plan', op: 'ne', value: 'save' } },
  });
  const save = await reward(p, {
    cost: 200,
    value: { amount: 1000 },
    autoRedeem: {},
    eligibility: { condition: { kind: 'member_attribute', key: 'plan', op: 'eq', value: 'save' } },
    stock: { total: 3 },
  });
  const plain = await member(p, 450);
  const saver = await member(p, 450, { plan: 'save' });
  const saver2 = await member(p, 450, { plan: 'save' });
  await run(p, '2026-04-01T12:00:00Z');
  // No plan: 4 × $5 at 100, 50 left. Savers: 200 each, but only 3 units in stock: the first saver (id order) gets
  // 2 (400, 50 left), the second 1 (200, 250 left); the quick reward is not theirs.
  assert.equal(await points(plain), 50);
  assert.equal(await points(saver), 50);
  assert.equal(await points(saver2), 250);
  assert.ok((await redemptions(plain)).every((r) => r.rewardId === quick));
  assert.ok((await redemptions(saver2)).every((r) => r.rewardId === save));
  const stock = (await api('GET', `/v1/rewards/${save}`)).json().stock;
  assert.deepEqual([stock.redeemed, stock.remaining], [3, 0]);
  assert.equal((await run(p, '2026-04-01T13:00:00Z')).redeemed, 0, 'out of stock: nothing more');
});

test('a manual redemption records its API key as actor', async () => {
  const p = await program();
  const id = await reward(p, {});
  const m = await member(p, 100);
  const res = await api('POST', `/v1/members/${m}/rewards/${id}/redeem`, {});
  assert.equal(res.statusCode, 201, res.body);
  assert.match(res.json().actor, /^api-key:/);
});

test('invalid automatic conversion settings are field errors and write nothing', async () => {
  const p = await program();
  const rewards = await countRows(ctx.db, 'rewards');
  const base = {
    programId: p.id,
    code: 'bad',
    name: 'Bad',
    type: 'amount_discount',
    cost: 100,
    value: { amount: 1 },
  };
  const cases: [object, string, string][] = [
    [{ ...base, type: 'physical', value: {}, autoRedeem: {} }, '/autoRedeem', 'not_auto_redeemable'],
    [
      { ...base, type: 'experience', value: {}, autoRedeem: { months: [6] } },
      '/autoRedeem',
      'not_auto_redeemable',
    ],
    [{ ...base, autoRedeem: { months: [13] } }, '/autoRedeem/months/0', 'maximum'],
    [{ ...base, autoRedeem: { months: [] } }, '/autoRedeem/months', 'minItems'],
    [{ ...base, autoRedeem: { maxPerRun: 0 } }, '/autoRedeem/maxPerRun', 'minimum'],
    [{ ...base, autoRedeem: { every: 'day' } }, '/autoRedeem', 'additionalProperties'],
  ];
  for (const [body, field, code] of cases) {
    const res = await api('POST', '/v1/rewards', body);
    assert.equal(res.statusCode, 400, res.body);
    const errors = res.json().errors as { field: string; code: string }[];
    assert.ok(
      errors.some((e) => e.field.startsWith(field)),
      `${field} in ${res.body}`,
    );
    if (code === 'not_auto_redeemable')
      assert.ok(
        errors.some((e) => e.code === code),
        res.body,
      );
  }
  // Templates create rewards without the HTTP schema: the use case checks the ranges itself.
  await assert.rejects(
    createReward(ctx.db, ctx.a.tenantId, 'test', {
      ...base,
      type: 'amount_discount',
      autoRedeem: { months: [6, 6, 0] },
    }),
    (e: { errors: { field: string; code: string }[] }) =>
      JSON.stringify(e.errors.map((x) => [x.field, x.code])) ===
      JSON.stringify([
        ['/autoRedeem/months/1', 'duplicate'],
        ['/autoRedeem/months/2', 'out_of_range'],
      ]),
  );
  const id = await reward(p, { autoRedeem: { months: [2] } });
  const put = await api('PUT', `/v1/rewards/${id}`, {
    ...base,
    code: 'x',
    type: 'charity',
    value: { charity: 'c', amount: 1 },
    autoRedeem: {},
  });
  assert.equal(put.statusCode, 400, put.body);
  const kept = (await api('GET', `/v1/rewards/${id}`)).json();
  assert.deepEqual([kept.version, kept.type, kept.autoRedeem], [1, 'amount_discount', { months: [2] }]);
  assert.equal(await countRows(ctx.db, 'rewards'), rewards + 1);
});

test('the ledger is consistent after all conversions', async () => {
  assert.deepEqual(await verifyLedger(ctx.db), []);
});
