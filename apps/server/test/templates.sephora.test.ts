import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { fireScheduledTriggers } from '../src/modules/engine/scheduled-triggers.js';
import { expirePoints } from '../src/modules/ledger/ledger.jobs.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { reevaluateProgram } from '../src/modules/tiers/reevaluate.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * Sephora Beauty Insider from its template in America/Los_Angeles, with one parameter changed: one Rouge Reward is
 * released per week (rougeRewardPerWeek=1), so that running out of stock can be shown with two members.
 *
 * Modelling conventions (programs.md): money is exact decimal (cents); points are computed per purchase on its
 * amount (1 point per $1, rounded down, every tier); a redemption never reduces the tier-qualifying spend; a refund
 * reverses the points of the refunded lines and lowers the spend of the purchase's own year. The purchase that
 * crosses a threshold earns at the old rate (the same 1 point per $1 here). Tier spend is the purchase total, net of
 * returns, per calendar year; a tier reached in 2025 is kept through 2026 and reviewed on 2026's spend. Points expire
 * after 18 months without a purchase or redemption. Purchases carry past dates; redemptions and returns happen at
 * the real time (so a member who redeemed is active "now" and is not idle in the past).
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);

let seq = 0;
async function member(p: Program, extra: object = {}): Promise<string> {
  const res = await api('POST', '/v1/members', { programId: p.id, firstName: `B${++seq}`, ...extra });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

async function buy(p: Program, m: string, occurredAt: string, lines: [string, number][]) {
  const res = await api('POST', '/v1/transactions', {
    externalId: `SE-${++seq}`,
    programId: p.id,
    memberId: m,
    occurredAt,
    currency: 'USD',
    lines: lines.map(([sku, unitPrice]) => ({ sku, quantity: 1, unitPrice })),
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; points: { awarded: number } };
}

const points = async (m: string): Promise<number> =>
  (await api('GET', `/v1/members/${m}/balance`)).json().wallets[0]?.balance ?? 0;
const tier = async (m: string, asOf?: string) =>
  (await api('GET', `/v1/members/${m}/tier${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`)).json();
const offer = async (m: string, code: string) =>
  (await api('GET', `/v1/members/${m}/rewards`))
    .json()
    .items.find((r: { reward: { code: string } }) => r.reward.code === code) as {
    available: boolean;
    price: number;
    reasons: { code: string }[];
  };
const reasons = (o: { reasons: { code: string }[] }) => o.reasons.map((r) => r.code).sort();

test('Sephora: VIB mid-year and held the next year, Beauty Insider Cash, Rouge Reward stock, returns, expiry', async () => {
  const made = await api('POST', '/v1/programs/from-template', {
    template: 'sephora',
    slug: 'sephora',
    params: { rougeRewardPerWeek: 1 },
  });
  assert.equal(made.statusCode, 201, made.body);
  const p = await getProgram(ctx.db, ctx.a.tenantId, made.json().program.id);
  const rewards: Record<string, string> = Object.fromEntries(
    made.json().created.rewards.map((r: { code: string; id: string }) => [r.code, r.id]),
  );
  const multiplier = made
    .json()
    .created.campaigns.find((c: { name: string }) => c.name === 'Point Multiplier event');
  assert.equal(multiplier.status, 'draft');
  const redeem = (m: string, code: string) =>
    api('POST', `/v1/members/${m}/rewards/${rewards[code]}/redeem`, {});
  const vi = await member(p);
  const ro = await member(p);
  const rae = await member(p);
  const ina = await member(p);

  // 1. Vi, Insider: $200.00 → 200 points.
  assert.equal((await buy(p, vi, '2025-03-10T11:00:00-07:00', [['FOUNDATION', 20000]])).points.awarded, 200);
  assert.equal((await tier(vi)).tier.code, 'insider');
  // 2. $150 palette + $30 mascara on 15 June: 2025 spend $380 ≥ $350 → VIB from then, reviewed 2026-01-01.
  // 200 + 180 = 380 points.
  const june = await buy(p, vi, '2025-06-15T11:00:00-07:00', [
    ['PALETTE', 15000],
    ['MASCARA', 3000],
  ]);
  assert.equal(june.points.awarded, 180);
  const vib = await tier(vi);
  assert.equal(vib.tier.code, 'vib');
  assert.equal(vib.reviewAt, new Date('2026-01-01T00:00:00-08:00').toISOString());
  // 3. Returning the mascara takes back its 30 points (380 − 30 = 350); spend $350 still holds VIB.
  const ret = await api('POST', `/v1/transactions/${june.id}/returns`, {
    externalId: `RET-${++seq}`,
    items: [{ sku: 'MASCARA', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  assert.equal(ret.json().pointsClawedBack, 30);
  assert.equal(await points(vi), 350);
  assert.equal((await tier(vi, '2025-07-01T00:00:00-07:00')).window.metrics.spend, 35000);
  assert.equal((await tier(vi)).tier.code, 'vib');
  // 4. $200 serum in September: 350 + 200 = 550 points; 2025 spend $550.
  await buy(p, vi, '2025-09-01T11:00:00-07:00', [['SERUM', 20000]]);
  assert.equal(await points(vi), 550);
  // 5. Beauty Insider Cash: 500 points → $10 off a basket of $10+; 550 − 500 = 50. The Rouge Reward is not hers.
  const cash = await offer(vi, 'beauty-insider-cash');
  assert.deepEqual([cash.available, cash.price], [true, 500]);
  assert.deepEqual(reasons(await offer(vi, 'rouge-reward')), ['insufficient_points', 'tier_required']);
  assert.equal((await redeem(vi, 'beauty-insider-cash')).statusCode, 201);
  const [coupon] = (await api('GET', `/v1/members/${vi}/coupons`)).json().items;
  assert.deepEqual([coupon.discount, coupon.minSpend], [{ type: 'amount', value: 1000 }, 1000]);
  assert.equal(await points(vi), 50);

  // 6. Ro: $1,200 on 1 Feb → Rouge at once, 1,200 points; $1,400 on 1 April → 2,600 points.
  await buy(p, ro, '2025-02-01T10:00:00-08:00', [['FRAGRANCE', 120000]]);
  assert.equal((await tier(ro)).tier.code, 'rouge');
  await buy(p, ro, '2025-04-01T10:00:00-07:00', [['SKINCARE', 140000]]);
  assert.equal(await points(ro), 2600);
  // 7. Rouge Reward: 2,500 points → $100 off; 2,600 − 2,500 = 100. That was this week's only unit.
  assert.deepEqual(
    [(await offer(ro, 'rouge-reward')).available, (await offer(ro, 'rouge-reward')).price],
    [true, 2500],
  );
  const rouge = await redeem(ro, 'rouge-reward');
  assert.equal(rouge.statusCode, 201, rouge.body);
  assert.equal(rouge.json().coupon.status, 'issued');
  assert.equal(await points(ro), 100);
  // 8. Rae, Rouge with 2,600 points, finds the week's unit gone: refused, nothing debited.
  await buy(p, rae, '2025-05-01T10:00:00-07:00', [['SET', 260000]]);
  assert.deepEqual(reasons(await offer(rae, 'rouge-reward')), ['period_stock_exhausted']);
  const refused = await redeem(rae, 'rouge-reward');
  assert.equal(refused.statusCode, 409, refused.body);
  assert.equal(await points(rae), 2600);

  // 9. 1 January 2026: 2025 spend keeps each tier for 2026 (Vi $550 ≥ $350, Ro $2,600 and Rae $2,600 ≥ $1,000).
  await reevaluateProgram(ctx.db, p, new Date('2026-01-01T01:00:00-08:00'));
  const held = await tier(vi);
  assert.deepEqual(
    [held.tier.code, held.reviewAt],
    ['vib', new Date('2027-01-01T00:00:00-08:00').toISOString()],
  );
  assert.deepEqual([(await tier(ro)).tier.code, (await tier(rae)).tier.code], ['rouge', 'rouge']);

  // 10. Ina: $80 on 2025-01-15 10:00 PST, then nothing: 18 months later (2026-07-15 10:00 PDT) all 80 expire.
  // Vi and Ro redeemed (active now); Rae's last purchase (May 2025) runs to November 2026.
  await buy(p, ina, '2025-01-15T10:00:00-08:00', [['LIPSTICK', 8000]]);
  assert.equal(await expirePoints(ctx.db, p.tenantId, p.id, new Date('2026-07-15T09:00:00-07:00')), 0);
  assert.equal(await points(ina), 80);
  assert.equal(await expirePoints(ctx.db, p.tenantId, p.id, new Date('2026-07-15T11:00:00-07:00')), 1);
  assert.deepEqual(
    [await points(vi), await points(ro), await points(rae), await points(ina)],
    [50, 100, 2600, 0],
  );

  // 11. 1 January 2027: nobody spent in 2026 → Insider (to_metric).
  await reevaluateProgram(ctx.db, p, new Date('2027-01-01T01:00:00-08:00'));
  assert.deepEqual(
    [(await tier(vi)).tier.code, (await tier(ro)).tier.code, (await tier(rae)).tier.code],
    ['insider', 'insider', 'insider'],
  );
  assert.deepEqual(await verifyLedger(ctx.db, p.id), []);
});

test('Sephora: a birthday gift for every tier', async () => {
  const made = await api('POST', '/v1/programs/from-template', { template: 'sephora', slug: 'sephora-bday' });
  assert.equal(made.statusCode, 201, made.body);
  const p = await getProgram(ctx.db, ctx.a.tenantId, made.json().program.id);
  const insider = await member(p, { birthDate: '1990-08-20' });
  const rouge = await member(p, { birthDate: '1990-08-20' });
  await buy(p, rouge, '2025-08-01T10:00:00-07:00', [['SET', 100000]]);
  assert.equal((await tier(rouge)).tier.code, 'rouge');
  const sweepAt = new Date('2025-08-20T09:00:00-07:00');
  await fireScheduledTriggers(ctx.db, p, sweepAt);
  for (const m of [insider, rouge]) {
    const coupons = (await api('GET', `/v1/members/${m}/coupons`)).json().items;
    assert.equal(coupons.length, 1);
    assert.deepEqual(
      [coupons[0].name, coupons[0].discount],
      ['Birthday gift', { type: 'amount', value: 1000 }],
    );
    // Valid 30 days from the sweep on the birthday.
    assert.equal(coupons[0].validUntil, new Date(sweepAt.getTime() + 30 * 86_400_000).toISOString());
  }
});
