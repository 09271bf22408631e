import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DateTime } from 'luxon';
import { fireScheduledTriggers } from '../src/modules/engine/scheduled-triggers.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { runAutoRedeem } from '../src/modules/rewards/auto-redeem.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * The North Face XPLR Pass from its template, default parameters: a year of purchases and activities, and the
 * three reward issues (June, October, February) with their $50 cap.
 *
 * Modelling conventions (programs.md): money is exact (integer cents); earn is per transaction on the eligible
 * amount (1 point per whole $1); a refund reverses the earn of the refunded lines; no tiers, so no upgrade rule.
 * Tessera-specific: rewards are issued by the conversion job at the first pass after 1 June, 1 October and
 * 1 February (Denver time), at most 5 × $10 per member and issue, the rest carried over; activity points share one
 * 100-point limit per calendar year. All dates are in year Y (next year) and Y + 1, so the script reads the same
 * whenever it runs.
 */
let ctx: TestContext;
let program: Program;
const Y = new Date().getUTCFullYear() + 1;
const TZ = 'America/Denver';
const DAY = 86_400_000;
before(async () => {
  ctx = await createTestContext();
  const res = await api('POST', '/v1/programs/from-template', { template: 'the-north-face', slug: 'tnf' });
  assert.equal(res.statusCode, 201, res.body);
  program = await getProgram(ctx.db, ctx.a.tenantId, res.json().program.id);
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const at = (local: string) => DateTime.fromISO(local, { zone: TZ }).toJSDate();
let seq = 0;

async function buy(memberId: string, local: string, sku: string, cents: number, channel = 'store') {
  const res = await api('POST', '/v1/transactions', {
    programId: program.id,
    externalId: `TNF-${++seq}`,
    memberId,
    occurredAt: at(local).toISOString(),
    channel,
    currency: 'USD',
    lines: [{ sku, category: 'outerwear', quantity: 1, unitPrice: cents }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().id as string, points: res.json().points.awarded as number };
}

/** An activity event; returns the points it earned. */
async function activity(memberId: string, type: string, local: string): Promise<number> {
  const res = await api('POST', '/v1/events', {
    programId: program.id,
    type,
    externalId: `ACT-${++seq}`,
    memberId,
    occurredAt: at(local).toISOString(),
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().points;
}

async function points(memberId: string): Promise<number> {
  const res = await api('GET', `/v1/members/${memberId}/balance`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().wallets.find((w: { wallet: string }) => w.wallet === 'points').balance;
}

interface Coupon {
  name: string;
  discount: { type: string; value: number };
  minSpend: number;
  validFrom: string;
  validUntil: string;
}
async function coupons(memberId: string): Promise<Coupon[]> {
  const res = await api('GET', `/v1/members/${memberId}/coupons`);
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().items as Coupon[]).reverse(); // oldest first
}
const rewardCoupons = async (memberId: string) =>
  (await coupons(memberId)).filter((c) => c.name === '$10 XPLR reward');

const issue = async (local: string) => {
  const run = await runAutoRedeem(ctx.db, program, at(local));
  assert.equal(run.failed, 0, run.errors.join('; '));
  return run.redeemed;
};

test('XPLR Pass: purchases and capped activities, three reward issues of at most $50, birthday coupon', async () => {
  // Step 1: Tess joins: the welcome coupon, $20 off $100, valid 30 days. No points.
  const tess = (
    await api('POST', '/v1/members', { programId: program.id, firstName: 'Tess', birthDate: '1988-07-04' })
  ).json().id as string;
  const [welcome] = await coupons(tess);
  assert.deepEqual([welcome?.discount.value, welcome?.minSpend], [2000, 10000]);
  assert.equal(Date.parse(welcome?.validUntil ?? '') - Date.parse(welcome?.validFrom ?? ''), 30 * DAY);
  assert.equal(await points(tess), 0);

  // Step 2: window Feb-May. A $320.00 jacket in store → 320; $180.00 boots online → 180. 500.
  assert.equal((await buy(tess, `${Y}-02-15T12:00`, 'JK-1', 32000)).points, 320);
  assert.equal((await buy(tess, `${Y}-04-10T12:00`, 'BT-1', 18000, 'web')).points, 180);
  assert.equal(await points(tess), 500);

  // Step 3: activities, 100 points a year together: app 10 (10), a second download 0 (once only), check-ins 5 + 5
  // (20), two referrals 25 + 25 (70), a reusable bag 10 (80), a Renewed purchase 25 capped to 20 (100), then a
  // check-in earns 0. 500 + 100 = 600.
  const earned = [
    await activity(tess, 'app_download', `${Y}-03-01T10:00`),
    await activity(tess, 'app_download', `${Y}-03-02T10:00`),
    await activity(tess, 'check_in', `${Y}-03-05T10:00`),
    await activity(tess, 'check_in', `${Y}-03-12T10:00`),
    await activity(tess, 'referral', `${Y}-03-20T10:00`),
    await activity(tess, 'referral', `${Y}-04-02T10:00`),
    await activity(tess, 'reusable_bag', `${Y}-04-10T12:30`),
    await activity(tess, 'renewed_purchase', `${Y}-04-20T10:00`),
    await activity(tess, 'check_in', `${Y}-05-01T10:00`),
  ];
  assert.deepEqual(earned, [10, 0, 5, 5, 25, 25, 10, 20, 0]);
  assert.equal(await points(tess), 600);

  // Step 4: a $450.00 tent → 450. 1,050.
  assert.equal((await buy(tess, `${Y}-05-20T12:00`, 'TN-1', 45000)).points, 450);
  assert.equal(await points(tess), 1050);

  // Step 5: nothing is issued before June (31 May, 23:00 Denver time).
  assert.equal(await issue(`${Y}-05-31T23:00`), 0);
  assert.equal(await points(tess), 1050);

  // Step 6: the June issue: 1,050 covers 10 rewards, the cap is 5 ($50): 500 points → 5 × $10, 550 carried over.
  // Each reward is valid 335 days (about 11 months) from the issue. Later runs in June issue nothing.
  assert.equal(await issue(`${Y}-06-01T01:00`), 5);
  assert.equal(await points(tess), 550);
  const june = await rewardCoupons(tess);
  assert.deepEqual(
    june.map((c) => [c.discount.value, c.minSpend]),
    Array(5).fill([1000, 0]),
  );
  assert.ok(
    june.every((c) => c.validUntil === new Date(at(`${Y}-06-01T01:00`).getTime() + 335 * DAY).toISOString()),
  );
  assert.equal(await issue(`${Y}-06-20T12:00`), 0);
  assert.equal(await points(tess), 550);

  // Step 7: window Jun-Sep: a $120.00 fleece → 120. 670.
  assert.equal((await buy(tess, `${Y}-07-10T12:00`, 'FL-1', 12000)).points, 120);
  assert.equal(await points(tess), 670);

  // Step 8: her birthday (4 July): $25 off a purchase of $125 or more.
  const sweep = await fireScheduledTriggers(ctx.db, program, at(`${Y}-07-04T09:00`));
  assert.equal(sweep.failed, 0, sweep.errors.join('; '));
  const birthday = (await coupons(tess)).find((c) => c.name.startsWith('Birthday'));
  assert.deepEqual([birthday?.discount, birthday?.minSpend], [{ type: 'amount', value: 2500 }, 12500]);

  // Step 9: no issue in August; the October issue: 670 covers 6, capped at 5: 500 → 5 × $10, 170 carried over.
  assert.equal(await issue(`${Y}-08-01T12:00`), 0);
  assert.equal(await issue(`${Y}-10-01T08:00`), 5);
  assert.equal(await points(tess), 170);

  // Step 10: a new calendar year resets the activity cap: a check-in in January earns 5 again. 175.
  assert.equal(await activity(tess, 'check_in', `${Y + 1}-01-10T10:00`), 5);
  assert.equal(await points(tess), 175);

  // Step 11: the February issue: 175 covers 1 → $10, 75 carried over. 11 rewards ($110) from 3 issues.
  assert.equal(await issue(`${Y + 1}-02-01T08:00`), 1);
  assert.equal(await points(tess), 75);
  assert.equal((await rewardCoupons(tess)).length, 11);
  assert.equal((await coupons(tess)).length, 13, 'plus the welcome and birthday coupons');

  assert.deepEqual(await verifyLedger(ctx.db, program.id), []);
});

test('the template creates no tiers, one automatic reward and the activity event types', async () => {
  const tiers = await api('GET', `/v1/programs/${program.id}/tiers`);
  assert.equal(tiers.statusCode, 204, tiers.body);
  assert.equal(tiers.body, '');
  const rewards = (await api('GET', `/v1/rewards?programId=${program.id}`)).json().items;
  assert.deepEqual(
    rewards.map((r: { code: string; cost: number; autoRedeem: object }) => [r.code, r.cost, r.autoRedeem]),
    [['xplr-reward', 100, { months: [6, 10, 2], maxPerRun: 5 }]],
  );
  const types = (await api('GET', `/v1/event-types?programId=${program.id}`)).json().items;
  const names = types.map((t: { type: string }) => t.type).sort();
  assert.deepEqual(names, ['app_download', 'check_in', 'referral', 'renewed_purchase', 'reusable_bag']);
});
