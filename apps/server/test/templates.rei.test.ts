import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { expirePoints } from '../src/modules/ledger/ledger.jobs.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { runAnnualRewards } from '../src/modules/memberships/annual-reward.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * REI Co-op membership (programs.md §5) from its template, end to end through the API and the jobs (run with `now`).
 *
 * Modelling conventions relied on (programs.md and docs/memberships.md):
 * - Money is exact, in cents. No points are earned (base earn 0). A refund reverses the refunded lines: returns
 *   reduce the year's eligible amount, per line.
 * - The Co-op Member Reward = floor(10% × net eligible purchases of the calendar year in Los Angeles time), eligible =
 *   full-price lines (no line discount) outside the excluded categories `outlet`, `gift-cards`, `adventures`,
 *   `services`. Credited once per member and year in March of the next year as store credit (money wallet
 *   `member_reward`); none below $10 of eligible purchases; it expires 730 days after issue.
 * - The $30 lifetime fee is charged by the billing system and recorded with the subscription.
 * - The REI Co-op Mastercard (off by default) credits 5% at REI (any card payment method), 2% elsewhere through a
 *   mobile wallet, 1% elsewhere otherwise; card spend outside REI arrives as lines of category `card-elsewhere`.
 */
let ctx: TestContext;
let seq = 0;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);

async function fromTemplate(slug: string, params?: object) {
  const res = await api('POST', '/v1/programs/from-template', { template: 'rei', slug, params });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}
async function member(programId: string) {
  const res = await api('POST', '/v1/members', { programId, firstName: `Rei${++seq}` });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}
async function join(memberId: string, startedAt?: string) {
  const res = await api('POST', `/v1/members/${memberId}/memberships`, {
    plan: 'coop-lifetime',
    ...(startedAt ? { startedAt } : {}),
    payment: { externalId: `fee-${++seq}`, amount: 3000, currency: 'USD' },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}
async function buy(programId: string, memberId: string, occurredAt: string, lines: object[], extra = {}) {
  const res = await api('POST', '/v1/transactions', {
    externalId: `REI-${++seq}`,
    programId,
    memberId,
    occurredAt,
    currency: 'USD',
    lines,
    ...extra,
  });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().points.awarded, 0, 'REI earns no points');
  return res.json();
}
/** Store credit (member reward wallet) available now, and the points balance (always 0). */
async function balance(memberId: string) {
  const res = await api('GET', `/v1/members/${memberId}/balance`);
  assert.equal(res.statusCode, 200, res.body);
  const wallets = res.json().wallets as { wallet: string; available: number; balance: number }[];
  const credit = wallets.find((w) => w.wallet === 'member_reward');
  return {
    credit: credit?.available ?? 0,
    ledger: credit?.balance ?? 0,
    points: wallets.find((w) => w.wallet === 'points')?.balance ?? 0,
  };
}
const expectCredit = async (memberId: string, credit: number) =>
  assert.deepEqual(await balance(memberId), { credit, ledger: credit, points: 0 });
const item = (sku: string, category: string, unitPrice: number, extra: object = {}) => ({
  sku,
  category,
  quantity: 1,
  unitPrice,
  ...extra,
});

test('REI Co-op: join, a year of purchases and a return, the March reward once, spend, expiry after 2 years', async () => {
  const created = await fromTemplate('rei');
  const programId = created.program.id as string;
  assert.equal(created.program.timezone, 'America/Los_Angeles');
  assert.deepEqual(created.created.plans, ['coop-lifetime']);
  assert.deepEqual(created.created.wallets, ['member_reward']);
  assert.deepEqual(created.created.campaigns, [], 'no card campaign by default');

  // 1. Alex joins on 2025-02-01 paying $30 once: active for life, free-shipping benefit.
  const alex = await member(programId);
  const ms = await join(alex, '2025-02-01T18:00:00Z');
  assert.equal(ms.status, 'active');
  assert.equal(ms.currentPeriodEnd, null);
  assert.deepEqual(ms.benefits, { freeShipping: true });
  await expectCredit(alex, 0);

  // 2. 2025-03-10: full-price jacket $229.00 (eligible) + footprint $59.95 on sale, $12.00 off (not full price).
  await buy(programId, alex, '2025-03-10T19:00:00Z', [
    item('JACKET', 'outerwear', 22900),
    item('FOOTPRINT', 'camping', 5995, { discount: 1200 }),
  ]);
  await expectCredit(alex, 0);
  // 3. 2025-06-20: Outlet boots, a gift card, a bike tune-up, an REI Adventures trip: all excluded (eligible 0).
  await buy(programId, alex, '2025-06-20T19:00:00Z', [
    item('BOOTS-OUTLET', 'outlet', 8983),
    item('GIFT-50', 'gift-cards', 5000),
    item('TUNE-UP', 'services', 7500),
    item('TRIP-GC', 'adventures', 129900),
  ]);
  // 4. 2025-08-05: 2 sleeping bags at $199.00 and a rope at $164.95 (56,295¢), then one bag returned (−19,900¢).
  const bags = await buy(programId, alex, '2025-08-05T19:00:00Z', [
    { sku: 'BAG', category: 'camping', quantity: 2, unitPrice: 19900 },
    item('ROPE', 'climbing', 16495),
  ]);
  const ret = await api('POST', `/v1/transactions/${bags.id}/returns`, {
    externalId: 'RET-BAG',
    items: [{ sku: 'BAG', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  await expectCredit(alex, 0);
  // 5. New Year's Eve 20:00 in Los Angeles (2026-01-01T04:00Z): a $49.95 headlamp counts for 2025;
  //    $24.00 socks at local midnight (2026-01-01T08:00Z) count for 2026.
  await buy(programId, alex, '2026-01-01T04:00:00Z', [item('HEADLAMP', 'lighting', 4995)]);
  await buy(programId, alex, '2026-01-01T08:00:00Z', [item('SOCKS', 'apparel', 2400)]);
  await expectCredit(alex, 0);

  // Bea joined in 2025 and bought $9.50 full price (+ a sale item): 950¢ eligible < $10 → no reward (not 95¢).
  const bea = await member(programId);
  await join(bea, '2025-05-01T18:00:00Z');
  await buy(programId, bea, '2025-05-02T19:00:00Z', [
    item('BANDANA', 'apparel', 950),
    item('SALE-HAT', 'apparel', 4000, { discount: 1000 }),
  ]);
  // Cy never joined: a $500 tent earns nothing.
  const cy = await member(programId);
  await buy(programId, cy, '2025-07-07T19:00:00Z', [item('TENT', 'camping', 50000)]);

  const program = await getProgram(ctx.db, ctx.a.tenantId, programId);
  // 6. The daily job in February 2026 issues nothing: the reward is issued in March.
  const feb = await runAnnualRewards(ctx.db, program, 2025, new Date('2026-02-20T18:00:00Z'), 2);
  assert.deepEqual(feb, { year: 2025, credited: 0, skipped: 0, total: 0 });
  await expectCredit(alex, 0);

  // 7. The March run: eligible 22,900 + 0 + (56,295 − 19,900) + 4,995 = 64,290¢ → 10% = 6,429¢ ($64.29) for Alex;
  //    Bea is skipped (below $10); Cy has no membership.
  const issuedAt = new Date('2026-03-02T17:00:00Z');
  const march = await runAnnualRewards(ctx.db, program, 2025, issuedAt, 3);
  assert.deepEqual(march, { year: 2025, credited: 1, skipped: 1, total: 6429 });
  await expectCredit(alex, 6429);
  await expectCredit(bea, 0);
  await expectCredit(cy, 0);
  const rows = await ctx.db
    .selectFrom('membership_rewards')
    .select(['member_id', 'eligible_minor', 'amount_minor'])
    .where('program_id', '=', programId)
    .execute();
  assert.deepEqual(
    rows.map((r) => [r.member_id, Number(r.eligible_minor), Number(r.amount_minor)]),
    [[alex, 64290, 6429]],
  );
  // It expires 730 days after issue: 2026-03-02T17:00Z + 730 d = 2028-03-01T17:00Z.
  const lots = await ctx.db
    .selectFrom('ledger_lots')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_lots.account_id')
    .select(['ledger_lots.amount', 'ledger_lots.expires_at'])
    .where('ledger_accounts.member_id', '=', alex)
    .where('ledger_accounts.code', '=', 'member_reward')
    .execute();
  assert.deepEqual(
    lots.map((l) => [Number(l.amount), new Date(l.expires_at as Date).toISOString()]),
    [[6429, '2028-03-01T17:00:00.000Z']],
  );

  // 8. Reruns credit nothing more: the job again later in March, and a manual run through the API.
  const again = await runAnnualRewards(ctx.db, program, 2025, new Date('2026-03-20T17:00:00Z'), 3);
  assert.deepEqual(again, { year: 2025, credited: 0, skipped: 2, total: 0 });
  const manual = await api('POST', `/v1/programs/${programId}/membership-rewards/run`, { year: 2025 });
  assert.equal(manual.statusCode, 200, manual.body);
  assert.deepEqual(manual.json(), { year: 2025, credited: 0, skipped: 2, total: 0 });
  await expectCredit(alex, 6429);

  // 9. Spent at the till like store credit: $50.00 of $64.29 → $14.29 left; $14.30 more is refused.
  const spend = await api('POST', `/v1/members/${alex}/points/spend`, {
    amount: 5000,
    wallet: 'member_reward',
    reference: 'till-0042',
  });
  assert.equal(spend.statusCode, 201, spend.body);
  await expectCredit(alex, 1429);
  const tooMuch = await api('POST', `/v1/members/${alex}/points/spend`, {
    amount: 1430,
    wallet: 'member_reward',
  });
  assert.equal(tooMuch.statusCode, 409, tooMuch.body);
  await expectCredit(alex, 1429);

  // 10. Expiry two years after issue: a second before, nothing; at 2028-03-01T17:00Z the $14.29 left expires.
  assert.equal(await expirePoints(ctx.db, ctx.a.tenantId, programId, new Date('2028-03-01T16:59:59Z')), 0);
  await expectCredit(alex, 1429);
  assert.equal(await expirePoints(ctx.db, ctx.a.tenantId, programId, new Date('2028-03-01T17:00:00Z')), 1);
  assert.equal(await expirePoints(ctx.db, ctx.a.tenantId, programId, new Date('2028-03-02T00:00:00Z')), 0);
  await expectCredit(alex, 0);
  const wallet = (await api('GET', `/v1/members/${alex}/balance`))
    .json()
    .wallets.find((w: { wallet: string }) => w.wallet === 'member_reward');
  // Earned 64.29, spent 50.00 at the till, and the 14.29 left expired.
  assert.deepEqual(
    [wallet.lifetime.earned, wallet.lifetime.spent, wallet.lifetime.expired],
    [6429, 5000, 1429],
  );
  const events = await ctx.db
    .selectFrom('outbox')
    .select('type')
    .where('program_id', '=', programId)
    .where('type', '=', 'membership.reward_credited')
    .execute();
  assert.equal(events.length, 1);
  assert.deepEqual(await verifyLedger(ctx.db), []);
});

test('REI Co-op Mastercard (coopMastercard=true): 5% at REI, 2% mobile wallet, 1% elsewhere, same wallet', async () => {
  const created = await fromTemplate('rei-card', { coopMastercard: true });
  const programId = created.program.id as string;
  assert.deepEqual(
    created.created.campaigns.map((c: { name: string; status: string }) => [c.name, c.status]),
    [['REI Co-op Mastercard', 'active']],
  );
  const dana = await member(programId);
  await join(dana);
  const now = new Date().toISOString();
  const card = { paymentMethod: 'rei_mastercard' };
  const wallet = { paymentMethod: 'rei_mastercard_wallet' };
  // At REI with the card: 5% of $229.00 = 1,145¢.
  await buy(programId, dana, now, [item('JACKET', 'outerwear', 22900)], card);
  await expectCredit(dana, 1145);
  // At REI through a mobile wallet: still 5% at REI, of $33.33 = 166.65¢ → 166¢. Total 1,311.
  await buy(programId, dana, now, [item('STOVE', 'camping', 3333)], wallet);
  await expectCredit(dana, 1311);
  // Elsewhere through a mobile wallet: 2% of $87.65 = 175.3¢ → 175¢. Total 1,486.
  await buy(programId, dana, now, [item('GROCERIES', 'card-elsewhere', 8765)], wallet);
  await expectCredit(dana, 1486);
  // Elsewhere with the physical card: 1% of $45.99 = 45.99¢ → 45¢. Total 1,531.
  await buy(programId, dana, now, [item('FUEL', 'card-elsewhere', 4599)], card);
  await expectCredit(dana, 1531);
  // At REI paid with another card: no card cashback. Total stays 1,531.
  await buy(programId, dana, now, [item('PACK', 'packs', 10000)], { paymentMethod: 'visa' });
  await expectCredit(dana, 1531);

  // The member reward counts REI purchases only: 22,900 + 3,333 + 10,000 = 36,233¢ → 3,623¢; total 1,531 + 3,623.
  const year = Number(
    new Intl.DateTimeFormat('en-US', { year: 'numeric', timeZone: 'America/Los_Angeles' }).format(),
  );
  const run = await api('POST', `/v1/programs/${programId}/membership-rewards/run`, { year });
  assert.equal(run.statusCode, 200, run.body);
  assert.deepEqual(run.json(), { year, credited: 1, skipped: 0, total: 3623 });
  await expectCredit(dana, 5154);
  assert.deepEqual(await verifyLedger(ctx.db), []);
});
