import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { runAnnualRewards } from '../src/modules/memberships/annual-reward.js';
import { expireMemberships } from '../src/modules/memberships/expire-memberships.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { fanOut } from '../src/modules/webhooks/webhooks.repository.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';
import { onPostgres } from './helpers/database.js';

/**
 * Paid memberships through the API: plans, subscribe with a trial, payments that renew, cancellation at period end,
 * the expiry job, outbox messages for webhooks, benefits (earn multiplier through the rules engine, a granted tier)
 * and the REI-style annual member reward on a lifetime plan.
 */
let ctx: TestContext;
let seq = 0;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const DAY = 86_400_000;
const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const programId = () => ctx.a.program.id;

async function newProgram(timezone: string) {
  const res = await api('POST', '/v1/programs', {
    slug: `mship-${++seq}`,
    name: `Membership ${seq}`,
    currency: 'EUR',
    timezone,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
async function member(program = programId()) {
  const res = await api('POST', '/v1/members', { programId: program, firstName: `M${++seq}` });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
async function buy(
  memberId: string,
  lines: object[],
  occurredAt = new Date().toISOString(),
  program?: string,
) {
  const res = await api('POST', '/v1/transactions', {
    externalId: `MS-${++seq}`,
    ...(program ? { programId: program } : {}),
    memberId,
    occurredAt,
    currency: 'EUR',
    lines,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}
async function putPlan(code: string, body: object, program = programId()) {
  const res = await api('PUT', `/v1/programs/${program}/membership-plans/${code}`, body);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}
async function outbox(membershipId: string) {
  const rows = await ctx.db.selectFrom('outbox').selectAll().orderBy('id').execute();
  return rows.filter((r) => (r.payload as { membershipId?: string }).membershipId === membershipId);
}
async function tags(memberId: string): Promise<string[]> {
  return (await api('GET', `/v1/members/${memberId}`)).json().tags;
}
const shoes = { sku: 'SHOE-1', category: 'shoes', quantity: 1, unitPrice: 5000 };

test('plans are validated: lifetime without trial, known tier, money wallet for the reward', async () => {
  const before = await countRows(ctx.db, 'membership_plans');
  const cases: [object, string][] = [
    [{ name: 'X', price: 3000, currency: 'EUR', period: 'lifetime', trialDays: 30 }, '/trialDays'],
    [
      { name: 'X', price: 999, currency: 'EUR', period: 'month', benefits: { tier: 'nope' } },
      '/benefits/tier',
    ],
    [
      {
        name: 'X',
        price: 3000,
        currency: 'EUR',
        period: 'lifetime',
        annualReward: { percent: 10, wallet: 'points' },
      },
      '/annualReward/wallet',
    ],
    [{ name: 'X', price: 999, currency: 'EUR', period: 'week' }, '/period'],
    [{ name: 'X', price: -1, currency: 'EUR', period: 'month' }, '/price'],
  ];
  for (const [body, field] of cases) {
    const res = await api('PUT', `/v1/programs/${programId()}/membership-plans/bad`, body);
    assert.equal(res.statusCode, 400, res.body);
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    assert.ok(
      fields.some((f: string) => f.startsWith(field)),
      `${field} expected among ${fields.join(', ')}`,
    );
  }
  assert.equal(await countRows(ctx.db, 'membership_plans'), before);
});

test('trial → payment → renew → cancel at period end → expiry job; outbox and benefits follow', async () => {
  await putPlan('plus', {
    name: 'Plus',
    price: 1499,
    currency: 'EUR',
    period: 'month',
    trialDays: 30,
    benefits: { earnMultiplier: 2, freeShipping: true },
  });
  const plans = (await api('GET', `/v1/programs/${programId()}/membership-plans`)).json().data;
  assert.deepEqual(
    plans.map((p: { code: string; benefits: object }) => [p.code, p.benefits]),
    [['plus', { earnMultiplier: 2, freeShipping: true }]],
  );
  const m = await member();
  assert.equal((await buy(m, [shoes])).points.awarded, 50, 'no membership: base points only');

  const startedAt = '2026-01-31T10:00:00.000Z';
  const sub = await api('POST', `/v1/members/${m}/memberships`, { plan: 'plus', startedAt });
  assert.equal(sub.statusCode, 201, sub.body);
  const ms = sub.json();
  assert.equal(ms.status, 'trialing');
  assert.equal(ms.trialEndsAt, new Date(Date.parse(startedAt) + 30 * DAY).toISOString());
  assert.equal(ms.currentPeriodEnd, ms.trialEndsAt);
  assert.deepEqual(ms.benefits, { earnMultiplier: 2, freeShipping: true });
  assert.ok((await tags(m)).includes('plan:plus'));
  // The earn multiplier is a rule of the "Membership benefits" campaign, explained like any other.
  const tx = await buy(m, [shoes]);
  assert.equal(tx.points.awarded, 100);
  assert.ok(
    tx.effects.some((e: { rule: { campaignName: string } }) => e.rule.campaignName === 'Membership benefits'),
  );

  const again = await api('POST', `/v1/members/${m}/memberships`, { plan: 'plus' });
  assert.equal(again.statusCode, 409, again.body);
  assert.equal(again.json().code, 'membership_exists');

  // First payment, charged at the trial's end: active for one month from there (Mar 2 + 1 month in the program's zone, UTC).
  const pay1 = await api('POST', `/v1/memberships/${ms.id}/payments`, {
    externalId: 'pay-1',
    amount: 1499,
    currency: 'EUR',
    paidAt: ms.trialEndsAt,
  });
  assert.equal(pay1.statusCode, 200, pay1.body);
  assert.equal(pay1.json().status, 'active');
  assert.equal(pay1.json().currentPeriodStart, ms.trialEndsAt);
  assert.equal(pay1.json().currentPeriodEnd, '2026-04-02T10:00:00.000Z');
  const dup = await api('POST', `/v1/memberships/${ms.id}/payments`, {
    externalId: 'pay-1',
    amount: 1499,
    currency: 'EUR',
  });
  assert.equal(dup.statusCode, 409, dup.body);
  assert.equal(dup.json().code, 'payment_exists');
  const wrong = await api('POST', `/v1/memberships/${ms.id}/payments`, {
    externalId: 'pay-x',
    amount: 1499,
    currency: 'USD',
  });
  assert.equal(wrong.statusCode, 400, wrong.body);
  // Renewal charged a day early: the new period runs on from the current end.
  const pay2 = await api('POST', `/v1/memberships/${ms.id}/payments`, {
    externalId: 'pay-2',
    amount: 1499,
    currency: 'EUR',
    paidAt: '2026-04-01T09:00:00.000Z',
  });
  assert.equal(pay2.json().currentPeriodStart, '2026-04-02T10:00:00.000Z');
  assert.equal(pay2.json().currentPeriodEnd, '2026-05-02T10:00:00.000Z');

  const cancel = await api('POST', `/v1/memberships/${ms.id}/cancel`, { reason: 'too expensive' });
  assert.equal(cancel.statusCode, 200, cancel.body);
  assert.equal(cancel.json().status, 'active');
  assert.equal(cancel.json().cancelAtPeriodEnd, true);

  const end = Date.parse('2026-05-02T10:00:00.000Z');
  assert.equal(await expireMemberships(ctx.db, ctx.a.tenantId, programId(), new Date(end - 1000)), 0);
  assert.equal(await expireMemberships(ctx.db, ctx.a.tenantId, programId(), new Date(end)), 1);
  assert.equal(await expireMemberships(ctx.db, ctx.a.tenantId, programId(), new Date(end)), 0, 'idempotent');
  const done = (await api('GET', `/v1/memberships/${ms.id}`)).json();
  assert.equal(done.status, 'expired');
  assert.equal(done.endedAt, '2026-05-02T10:00:00.000Z');
  assert.deepEqual(
    done.history.map((h: { event: string; toStatus: string }) => `${h.event}:${h.toStatus}`),
    [
      'trial_started:trialing',
      'trial_converted:active',
      'renewed:active',
      'cancel_scheduled:active',
      'expired:expired',
    ],
  );
  assert.equal(done.history.at(-1).details.reason, 'cancelled');
  assert.ok(!(await tags(m)).includes('plan:plus'), 'tag removed on expiry');
  assert.equal((await buy(m, [shoes])).points.awarded, 50, 'multiplier gone with the membership');

  const messages = await outbox(ms.id);
  assert.deepEqual(
    messages.map((r) => r.type),
    [
      'membership.started',
      'membership.renewed',
      'membership.renewed',
      'membership.cancelled',
      'membership.expired',
    ],
  );
  assert.equal(messages[0]?.program_id, programId());
  assert.equal((messages[3]?.payload as { endsAt?: string } | undefined)?.endsAt, '2026-05-02T10:00:00.000Z');

  const late = await api('POST', `/v1/memberships/${ms.id}/payments`, {
    externalId: 'pay-3',
    amount: 1499,
    currency: 'EUR',
  });
  assert.equal(late.statusCode, 409, late.body);
  assert.equal(late.json().code, 'membership_ended');
  const list = (await api('GET', `/v1/members/${m}/memberships`)).json().data;
  assert.equal(list.length, 1);
});

test('an unpaid trial expires at its end; an immediate cancel ends at once; a new subscription is possible', async () => {
  const hook = await api('POST', '/v1/webhooks', {
    url: 'https://crm.example.com/hooks',
    eventTypes: ['membership.started', 'membership.cancelled'],
  });
  assert.equal(hook.statusCode, 201, hook.body);
  const m = await member();
  const start = new Date(Date.now() - 31 * DAY).toISOString();
  const trial = (
    await api('POST', `/v1/members/${m}/memberships`, { plan: 'plus', startedAt: start })
  ).json();
  assert.equal(trial.status, 'trialing');
  await expireMemberships(ctx.db, ctx.a.tenantId, programId(), new Date());
  const expired = (await api('GET', `/v1/memberships/${trial.id}`)).json();
  assert.equal(expired.status, 'expired');
  assert.equal(expired.history.at(-1).details.reason, 'trial_ended');

  const paid = await api('POST', `/v1/members/${m}/memberships`, {
    plan: 'plus',
    trial: false,
    payment: { externalId: 'direct-1', amount: 1499, currency: 'EUR' },
  });
  assert.equal(paid.statusCode, 201, paid.body);
  assert.equal(paid.json().status, 'active');
  assert.ok((await tags(m)).includes('plan:plus'));
  const now = await api('POST', `/v1/memberships/${paid.json().id}/cancel`, { atPeriodEnd: false });
  assert.equal(now.statusCode, 200, now.body);
  assert.equal(now.json().status, 'cancelled');
  assert.ok(!(await tags(m)).includes('plan:plus'));
  const types = (await outbox(paid.json().id)).map((r) => r.type);
  assert.deepEqual(types, ['membership.started', 'membership.cancelled']);
  // The webhooks module fans the messages out to the subscribed endpoint.
  await fanOut(ctx.db, new Date(), 1000);
  const deliveries = await ctx.db
    .selectFrom('webhook_deliveries')
    .innerJoin('outbox', 'outbox.id', 'webhook_deliveries.outbox_id')
    .select(['outbox.type', 'outbox.payload'])
    .where('webhook_deliveries.endpoint_id', '=', hook.json().id)
    .execute();
  const mine = deliveries.filter((d) => (d.payload as { memberId?: string }).memberId === m);
  assert.deepEqual(mine.map((d) => d.type).sort(), [
    'membership.cancelled',
    'membership.started',
    'membership.started',
  ]);
  const twice = await api('POST', `/v1/memberships/${paid.json().id}/cancel`, {});
  assert.equal(twice.statusCode, 409, twice.body);
  // Another tenant cannot see or touch it.
  const foreign = await call(ctx.app, ctx.b.key, 'GET', `/v1/memberships/${paid.json().id}`);
  assert.equal(foreign.statusCode, 404, foreign.body);
});

test('a plan can grant a tier: assigned on subscribe, removed on expiry', async () => {
  const program = await newProgram('Europe/Berlin');
  const put = await api('PUT', `/v1/programs/${program}/tiers`, {
    window: 'calendar_year',
    downgrade: { policy: 'to_metric' },
    tiers: [
      { code: 'blue', name: 'Blue', rank: 0 },
      { code: 'gold', name: 'Gold', rank: 1, qualification: { spend: 100000 } },
    ],
  });
  assert.equal(put.statusCode, 200, put.body);
  await putPlan(
    'vip',
    { name: 'VIP', price: 9900, currency: 'EUR', period: 'year', benefits: { tier: 'gold' } },
    program,
  );
  const m = await member(program);
  const ms = (
    await api('POST', `/v1/members/${m}/memberships`, {
      plan: 'vip',
      startedAt: new Date(Date.now() - 400 * DAY).toISOString(),
    })
  ).json();
  assert.equal(ms.status, 'active');
  assert.equal((await api('GET', `/v1/members/${m}/tier`)).json().tier.code, 'gold');
  await expireMemberships(ctx.db, ctx.a.tenantId, program, new Date());
  assert.equal((await api('GET', `/v1/members/${m}/tier`)).json().tier.code, 'blue');
});

test('lifetime plan: annual member reward = 10% of last year’s eligible purchases, credited once', async () => {
  // Los Angeles time: 2026-01-01T05:00Z is still 2025-12-31 there, so that purchase counts for 2025.
  const program = await newProgram('America/Los_Angeles');
  const wallet = await api('PUT', `/v1/programs/${program}/wallets/credit`, {
    name: 'Store credit',
    kind: 'money',
  });
  assert.equal(wallet.statusCode, 200, wallet.body);
  await putPlan(
    'coop',
    {
      name: 'Co-op',
      price: 3000,
      currency: 'EUR',
      period: 'lifetime',
      annualReward: {
        percent: 10,
        wallet: 'credit',
        match: { excludeCategories: ['gift-cards'] },
        fullPriceOnly: true,
        minEligible: 1000,
      },
    },
    program,
  );
  const a = await member(program);
  const b = await member(program);
  const outsider = await member(program);
  for (const [m, id] of [
    [a, 'fee-a'],
    [b, 'fee-b'],
  ] as const) {
    const sub = await api('POST', `/v1/members/${m}/memberships`, {
      plan: 'coop',
      startedAt: '2025-01-15T12:00:00Z',
      payment: { externalId: id, amount: 3000, currency: 'EUR' },
    });
    assert.equal(sub.statusCode, 201, sub.body);
    assert.equal(sub.json().currentPeriodEnd, null);
    const cancel = await api('POST', `/v1/memberships/${sub.json().id}/cancel`, {});
    assert.equal(cancel.statusCode, 422, cancel.body);
    assert.equal(cancel.json().code, 'lifetime_membership');
  }
  // Member A in 2025: jacket €129.99 (eligible); gift card €50 (excluded); 2 tents €200 of which one is returned
  // (€100 eligible); a sale shirt €30 − €5 (not full price); €10 on New Year's Eve local time. 2026: not counted.
  await buy(
    a,
    [
      { sku: 'JACKET', category: 'outerwear', quantity: 1, unitPrice: 12999 },
      { sku: 'GIFT-50', category: 'gift-cards', quantity: 1, unitPrice: 5000 },
    ],
    '2025-03-10T18:00:00Z',
    program,
  );
  const tents = await buy(
    a,
    [
      { sku: 'TENT', category: 'camping', quantity: 2, unitPrice: 10000 },
      { sku: 'SHIRT', category: 'apparel', quantity: 1, unitPrice: 3000, discount: 500 },
    ],
    '2025-07-01T18:00:00Z',
    program,
  );
  const ret = await api('POST', `/v1/transactions/${tents.id}/returns`, {
    externalId: `R-${++seq}`,
    items: [{ sku: 'TENT', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  await buy(
    a,
    [{ sku: 'SOCKS', category: 'apparel', quantity: 1, unitPrice: 1000 }],
    '2026-01-01T05:00:00Z',
    program,
  );
  await buy(
    a,
    [{ sku: 'SOCKS', category: 'apparel', quantity: 1, unitPrice: 5000 }],
    '2026-01-01T09:00:00Z',
    program,
  );
  // Member B: €9 eligible, below the €10 minimum. The outsider has no membership.
  await buy(
    b,
    [{ sku: 'CAP', category: 'apparel', quantity: 1, unitPrice: 900 }],
    '2025-05-05T18:00:00Z',
    program,
  );
  await buy(
    outsider,
    [{ sku: 'TENT', category: 'camping', quantity: 1, unitPrice: 50000 }],
    '2025-05-05T18:00:00Z',
    program,
  );

  // 12999 + 10000 + 1000 = 23999 eligible → 10% = 2399.
  const run = await api('POST', `/v1/programs/${program}/membership-rewards/run`, { year: 2025 });
  assert.equal(run.statusCode, 200, run.body);
  assert.deepEqual(run.json(), { year: 2025, credited: 1, skipped: 1, total: 2399 });
  const credit = async (m: string) => {
    const w = (await api('GET', `/v1/members/${m}/balance`)).json().wallets;
    return (w.find((x: { wallet: string }) => x.wallet === 'credit')?.available ?? 0) as number;
  };
  assert.equal(await credit(a), 2399);
  assert.equal(await credit(b), 0);
  assert.equal(await credit(outsider), 0);
  // Again, by the API and by the job's path: nothing more.
  const rerun = await api('POST', `/v1/programs/${program}/membership-rewards/run`, { year: 2025 });
  assert.deepEqual(rerun.json(), { year: 2025, credited: 0, skipped: 2, total: 0 });
  const job = await runAnnualRewards(ctx.db, await getProgram(ctx.db, ctx.a.tenantId, program), 2025);
  assert.equal(job.credited, 0);
  assert.equal(await credit(a), 2399);
  const rows = await ctx.db
    .selectFrom('membership_rewards')
    .selectAll()
    .where('program_id', '=', program)
    .execute();
  assert.equal(rows.length, 1);
  assert.equal(Number(rows[0]?.eligible_minor), 23999);
  const events = (
    await ctx.db.selectFrom('outbox').selectAll().where('program_id', '=', program).execute()
  ).map((r) => r.type);
  assert.equal(events.filter((t) => t === 'membership.reward_credited').length, 1);
  // The reward is store credit: spendable at the till through the points endpoints with the wallet code.
  const spend = await api('POST', `/v1/members/${a}/points/spend`, { amount: 2000, wallet: 'credit' });
  assert.equal(spend.statusCode, 201, spend.body);
  assert.equal(await credit(a), 399);
  assert.deepEqual(await verifyLedger(ctx.db), []);
});

test('parallel subscribes of one member start one membership; parallel payments with one id renew once', {
  skip: !onPostgres,
}, async () => {
  const m = await member();
  const subs = await Promise.all(
    Array.from({ length: 10 }, () =>
      api('POST', `/v1/members/${m}/memberships`, { plan: 'plus', trial: false }),
    ),
  );
  assert.equal(subs.filter((r) => r.statusCode === 201).length, 1);
  assert.ok(subs.every((r) => r.statusCode === 201 || r.json().code === 'membership_exists'));
  const id = subs.find((r) => r.statusCode === 201)?.json().id as string;
  const pays = await Promise.all(
    Array.from({ length: 10 }, () =>
      api('POST', `/v1/memberships/${id}/payments`, { externalId: 'race-1', amount: 1499, currency: 'EUR' }),
    ),
  );
  assert.equal(pays.filter((r) => r.statusCode === 200).length, 1);
  const history = (await api('GET', `/v1/memberships/${id}`)).json().history;
  assert.equal(history.filter((h: { event: string }) => h.event === 'renewed').length, 1);
});
