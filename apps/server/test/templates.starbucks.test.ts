import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DateTime } from 'luxon';
import { fireScheduledTriggers } from '../src/modules/engine/scheduled-triggers.js';
import { expirePoints } from '../src/modules/ledger/ledger.jobs.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { reevaluateProgram } from '../src/modules/tiers/reevaluate.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Starbucks Rewards (2026) from its template, with the default parameters, in America/Los_Angeles.
 *
 * Modelling conventions (programs.md): money is exact decimal (cents); Stars are computed per purchase on its amount;
 * a redemption never reduces the tier-qualifying total; a refund reverses the Stars of the refunded lines. The
 * purchase that crosses a threshold earns at the old rate, the new tier starts after it
 * (upgrade_applies_to_triggering_txn=false). Template choices: base Stars are floor($ amount); the Gold/Reserve extra
 * is floor(0.2 or 0.7 × base Stars); every Star (reload bonuses too) counts toward tiers (bonusCountsForTier=true);
 * Green Stars expire after 6 months without activity; Gold and Reserve Stars never expire, and a member who drops
 * to Green has 6 months from the drop. Purchases carry past dates; redemptions and returns happen at the real time.
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const TZ = 'America/Los_Angeles';
const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);

interface Created {
  program: Program;
  rewards: Record<string, string>;
  campaigns: { name: string; status: string }[];
}

async function fromTemplate(slug: string): Promise<Created> {
  const res = await api('POST', '/v1/programs/from-template', { template: 'starbucks', slug });
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json();
  return {
    program: await getProgram(ctx.db, ctx.a.tenantId, body.program.id),
    rewards: Object.fromEntries(
      body.created.rewards.map((r: { code: string; id: string }) => [r.code, r.id]),
    ),
    campaigns: body.created.campaigns,
  };
}

let seq = 0;
async function member(p: Program, extra: object = {}): Promise<string> {
  const res = await api('POST', '/v1/members', { programId: p.id, firstName: `S${++seq}`, ...extra });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

async function buy(p: Program, m: string, cents: number, occurredAt: string, sku = 'LATTE') {
  const res = await api('POST', '/v1/transactions', {
    externalId: `SB-${++seq}`,
    programId: p.id,
    memberId: m,
    occurredAt,
    currency: 'USD',
    lines: [{ sku, quantity: 1, unitPrice: cents }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; points: { awarded: number } };
}

async function reload(p: Program, m: string, cents: number, occurredAt: string): Promise<number> {
  const res = await api('POST', '/v1/events', {
    type: 'card_reload',
    externalId: `RL-${++seq}`,
    programId: p.id,
    memberId: m,
    occurredAt,
    properties: { amount: cents },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().points;
}

const stars = async (m: string): Promise<number> =>
  (await api('GET', `/v1/members/${m}/balance`)).json().wallets[0]?.balance ?? 0;
const tier = async (m: string, asOf?: string) =>
  (await api('GET', `/v1/members/${m}/tier${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`)).json();
const expire = (p: Program, at: string) => expirePoints(ctx.db, p.tenantId, p.id, new Date(at));

test('Starbucks: tiers, tier earn rates, reload bonus, the 60-Star reward, returns, expiry and the review', async () => {
  const { program: p, rewards, campaigns } = await fromTemplate('starbucks');
  assert.equal(p.currency, 'USD');
  assert.equal(p.pointName, 'Stars');
  assert.equal(p.timezone, TZ);
  assert.deepEqual(Object.keys(rewards).sort(), [
    'brewed-bakery-100',
    'customization-25',
    'handcrafted-200',
    'merchandise-400',
    'sandwich-300',
    'two-off-60',
  ]);
  assert.equal(campaigns.find((c) => c.name === 'Double Star Days')?.status, 'draft');
  const ana = await member(p);
  const ben = await member(p);
  const cy = await member(p);

  // 1. Ana, Green: $480.00 → floor(480.00) = 480 Stars.
  assert.equal((await buy(p, ana, 48000, '2025-01-10T09:00:00-08:00')).points.awarded, 480);
  assert.equal((await tier(ana)).tier.code, 'green');
  // 2. $30.50 crosses 500 (480 + 30 = 510): it earns at the Green rate, floor(30.50) = 30; Gold starts after it.
  assert.equal((await buy(p, ana, 3050, '2025-01-20T09:00:00-08:00')).points.awarded, 30);
  assert.equal(await stars(ana), 510);
  const gold = await tier(ana);
  assert.equal(gold.tier.code, 'gold');
  assert.equal(gold.since, new Date('2025-01-20T09:00:00-08:00').toISOString());
  // 3. Gold: $12.50 → base floor(12.50) = 12, extra floor(0.2 × 12) = 2 → 14 (510 + 14 = 524).
  const latte = await buy(p, ana, 1250, '2025-01-25T09:00:00-08:00');
  assert.equal(latte.points.awarded, 14);
  // 4. Reloads: $50.00 → +25 only (one bonus per reload); $30.00 → +10; $29.99 → nothing. 524 + 25 + 10 = 559.
  assert.equal(await reload(p, ana, 5000, '2025-01-26T09:00:00-08:00'), 25);
  assert.equal(await reload(p, ana, 3000, '2025-01-27T09:00:00-08:00'), 10);
  assert.equal(await reload(p, ana, 2999, '2025-01-28T09:00:00-08:00'), 0);
  assert.equal(await stars(ana), 559);
  // 5. The 60-Star reward: a $2.00 coupon; 559 − 60 = 499.
  const menu = (await api('GET', `/v1/members/${ana}/rewards`)).json().items;
  const two = menu.find((r: { reward: { code: string } }) => r.reward.code === 'two-off-60');
  assert.deepEqual([two.available, two.price], [true, 60]);
  const redeemed = await api('POST', `/v1/members/${ana}/rewards/${rewards['two-off-60']}/redeem`, {});
  assert.equal(redeemed.statusCode, 201, redeemed.body);
  const coupons = (await api('GET', `/v1/members/${ana}/coupons`)).json().items;
  assert.deepEqual(
    coupons.map((c: { discount: object }) => c.discount),
    [{ type: 'amount', value: 200 }],
  );
  assert.equal(await stars(ana), 499);
  // 6. Returning the $12.50 latte takes back its 14 Stars: 499 − 14 = 485.
  const ret = await api('POST', `/v1/transactions/${latte.id}/returns`, {
    externalId: `RET-${++seq}`,
    items: [{ sku: 'LATTE', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  assert.equal(ret.json().pointsClawedBack, 14);
  assert.equal(await stars(ana), 485);
  // Tier figures: spend 480 + 30.50 (the latte is returned) = $510.50; Stars 480 + 30 + 25 + 10 = 545 (reload
  // bonuses count, the redemption does not reduce them); 2 purchases (a fully returned one no longer counts).
  assert.deepEqual((await tier(ana, '2025-02-01T00:00:00-08:00')).window.metrics, {
    spend: 51050,
    qualifyingPoints: 545,
    purchases: 2,
  });

  // 7. Ben stays Green with 40 Stars; Cy reaches Gold with one $500.00 purchase (500 Stars at the Green rate).
  await buy(p, ben, 4000, '2025-02-01T10:00:00-08:00');
  await buy(p, cy, 50000, '2025-01-05T10:00:00-08:00');
  assert.equal((await tier(cy)).tier.code, 'gold');
  // 8. Green expiry: Ben idle since 2025-02-01 10:00 → his Stars expire 6 months later, 2025-08-01 10:00 PDT.
  // Cy (idle since January) and Ana are Gold: their Stars never expire.
  assert.equal(await expire(p, '2025-07-31T12:00:00-07:00'), 0);
  assert.equal(await expire(p, '2025-08-02T12:00:00-07:00'), 1);
  assert.deepEqual([await stars(ana), await stars(ben), await stars(cy)], [485, 0, 500]);

  // 9. Reviews 12 months after reaching Gold, on the Stars earned since: Cy 0 (2026-01-05), Ana 35 (the two reload
  // bonuses; the latte's 14 were returned), both short of 500 → Green (to_metric). Their Stars stay.
  await reevaluateProgram(ctx.db, p, new Date('2026-01-21T00:00:00-08:00'));
  assert.equal((await tier(ana)).tier.code, 'green');
  assert.equal((await tier(cy)).tier.code, 'green');
  const history = (await api('GET', `/v1/members/${ana}/tier/history`)).json().items;
  assert.deepEqual(
    history.map((h: { from: string; to: string; reason: string }) => [h.from, h.to, h.reason]),
    [
      ['gold', 'green', 'downgrade'],
      ['green', 'gold', 'upgrade'],
    ],
  );
  // 10. Back at the Green rate: $12.50 → 12 Stars, no extra. 485 + 12 = 497.
  assert.equal((await buy(p, ana, 1250, '2026-02-01T09:00:00-08:00')).points.awarded, 12);
  assert.equal(await stars(ana), 497);
  // 11. Cy lost Gold on 2026-01-05 10:00 PST: his old Stars get 6 months from then (2026-07-05 10:00 PDT).
  // Ana was active on 2026-02-01, so nothing of hers is due.
  assert.equal(await expire(p, '2026-07-05T09:00:00-07:00'), 0);
  assert.equal(await expire(p, '2026-07-05T11:00:00-07:00'), 1);
  assert.deepEqual([await stars(ana), await stars(ben), await stars(cy)], [497, 0, 0]);
  assert.deepEqual(await verifyLedger(ctx.db, p.id), []);
});

test('Starbucks birthday reward: valid 1, 7 or 30 days by tier, only for members who joined 7+ days before', async () => {
  const { program: p } = await fromTemplate('starbucks-birthday');
  // Birthdays relative to today, so that tenure (counted from the real enrolment) is 20 days at the sweep.
  const day = DateTime.now()
    .setZone(TZ)
    .plus({ days: 20 })
    .set({ hour: 12, minute: 0, second: 0, millisecond: 0 });
  const soon = day.minus({ days: 17 });
  const birthDate = (d: DateTime) => `1992-${d.toFormat('MM-dd')}`;
  const green = await member(p, { birthDate: birthDate(day) });
  const gold = await member(p, { birthDate: birthDate(day) });
  const reserve = await member(p, { birthDate: birthDate(day) });
  const fresh = await member(p, { birthDate: birthDate(soon) });
  const recently = DateTime.now().minus({ days: 1 }).toISO() ?? '';
  await buy(p, gold, 50000, recently); // 500 Stars → Gold
  await buy(p, reserve, 250000, recently); // 2,500 Stars → Reserve
  assert.deepEqual([(await tier(gold)).tier.code, (await tier(reserve)).tier.code], ['gold', 'reserve']);
  // Three days after joining: below the 7-day tenure, no reward.
  await fireScheduledTriggers(ctx.db, p, soon.toJSDate());
  await fireScheduledTriggers(ctx.db, p, day.toJSDate());
  const couponOf = async (m: string) => (await api('GET', `/v1/members/${m}/coupons`)).json().items;
  assert.deepEqual(await couponOf(fresh), []);
  const DAY = 86_400_000;
  for (const [m, days] of [
    [green, 1],
    [gold, 7],
    [reserve, 30],
  ] as const) {
    const [c, ...more] = await couponOf(m);
    assert.equal(more.length, 0);
    assert.deepEqual(c.discount, { type: 'amount', value: 1000 });
    assert.equal(c.validFrom, day.toJSDate().toISOString());
    assert.equal(new Date(c.validUntil).getTime(), day.toMillis() + days * DAY, `${days}-day window`);
  }
  assert.deepEqual(await verifyLedger(ctx.db, p.id), []);
});
