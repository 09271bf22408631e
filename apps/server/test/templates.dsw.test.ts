import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DateTime } from 'luxon';
import { fireScheduledTriggers } from '../src/modules/engine/scheduled-triggers.js';
import { expirePoints } from '../src/modules/ledger/ledger.jobs.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { runAutoRedeem } from '../src/modules/rewards/auto-redeem.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/**
 * DSW VIP from its template, default parameters, one scripted year and the expiry two years later.
 *
 * Modelling conventions (programs.md): money is exact (integer cents); earn is per transaction on the eligible
 * amount (1 point per whole $1, gift cards excluded); a redemption never reduces tier-qualifying totals; a refund
 * reverses the earn of the refunded lines; the purchase that crosses a tier threshold earns at the old rate and the
 * new tier starts after it. Tessera-specific: tier spend is the purchase total, gift cards included (DSW does not
 * say otherwise); the automatic conversion runs when the job runs (hourly; here at the times the script says).
 * All dates are in year Y (next year) on New York time, so the script reads the same whenever it runs.
 */
let ctx: TestContext;
let program: Program;
const Y = new Date().getUTCFullYear() + 1;
const TZ = 'America/New_York';
const DAY = 86_400_000;
before(async () => {
  ctx = await createTestContext();
  const res = await api('POST', '/v1/programs/from-template', { template: 'dsw', slug: 'dsw' });
  assert.equal(res.statusCode, 201, res.body);
  program = await getProgram(ctx.db, ctx.a.tenantId, res.json().program.id);
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const at = (local: string) => DateTime.fromISO(local, { zone: TZ }).toJSDate();
let seq = 0;

async function enrol(extra: object): Promise<string> {
  const res = await api('POST', '/v1/members', {
    programId: program.id,
    firstName: `VIP ${++seq}`,
    ...extra,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

/** A purchase of one line; returns the transaction id and the points it earned. */
async function buy(memberId: string, local: string, sku: string, cents: number, category = 'shoes') {
  const res = await api('POST', '/v1/transactions', {
    programId: program.id,
    externalId: `DSW-${++seq}`,
    memberId,
    occurredAt: at(local).toISOString(),
    channel: 'store',
    currency: 'USD',
    lines: [{ sku, category, quantity: 1, unitPrice: cents }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().id as string, points: res.json().points.awarded as number };
}

/** The posted points balance (what the ledger holds; expired points leave it when the expiry job runs). */
async function points(memberId: string): Promise<number> {
  const res = await api('GET', `/v1/members/${memberId}/balance`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().wallets.find((w: { wallet: string }) => w.wallet === 'points').balance;
}

async function tier(
  memberId: string,
  local: string,
): Promise<{ code: string; benefits: Record<string, unknown> }> {
  const res = await api(
    'GET',
    `/v1/members/${memberId}/tier?asOf=${encodeURIComponent(at(local).toISOString())}`,
  );
  assert.equal(res.statusCode, 200, res.body);
  return res.json().tier;
}

interface Coupon {
  name: string;
  discount: { type: string; value: number };
  validUntil: string;
  source: string;
}
async function coupons(memberId: string): Promise<Coupon[]> {
  const res = await api('GET', `/v1/members/${memberId}/coupons`);
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().items as Coupon[]).reverse(); // oldest first
}

const convert = async (local: string) => {
  const run = await runAutoRedeem(ctx.db, program, at(local));
  assert.equal(run.failed, 0, run.errors.join('; '));
  return run.redeemed;
};
const values = (cs: Coupon[]) => cs.map((c) => c.discount.value);

test('DSW VIP: tiers, Elite double points, gift cards, returns, automatic $5/$10 Rewards, birthday, expiry', async () => {
  // Step 1: Ann joins (no option chosen: Quick); Ben joins on the Save option. Both Club, nothing yet.
  const ann = await enrol({ birthDate: '1990-05-14' });
  const ben = await enrol({ attributes: { rewardOption: 'save' } });
  assert.equal((await tier(ann, `${Y}-01-05T12:00`)).code, 'club');
  assert.deepEqual([await points(ann), await points(ben)], [0, 0]);

  // Step 2: Ann buys shoes for $120.00 → 120 points at 1/$1. Ben spends $350.00 → 350 points at Club's rate, and
  // the purchase takes his calendar-year spend past Gold's $200 (upgrade after it).
  assert.equal((await buy(ann, `${Y}-02-10T12:00`, 'SH-1', 12000)).points, 120);
  assert.equal((await buy(ben, `${Y}-02-10T13:00`, 'SH-2', 35000)).points, 350);
  assert.equal(await points(ann), 120);
  assert.equal((await tier(ben, `${Y}-02-10T14:00`)).code, 'gold');

  // Step 3: the conversion job. Ann: 120 covers one $5 Reward (100), 20 left. Ben (Save): 350 covers one $10
  // Reward (200), 150 left; the Quick reward is not his. A rerun at the same time converts nothing.
  assert.equal(await convert(`${Y}-02-10T15:00`), 2);
  assert.equal(await convert(`${Y}-02-10T15:00`), 0);
  assert.deepEqual([await points(ann), await points(ben)], [20, 150]);
  const annFirst = await coupons(ann);
  assert.deepEqual(values(annFirst), [500]);
  // The Reward is valid 60 days (rewardValidDays) from the conversion.
  assert.equal(annFirst[0]?.validUntil, new Date(at(`${Y}-02-10T15:00`).getTime() + 60 * DAY).toISOString());
  assert.deepEqual(values(await coupons(ben)), [1000]);

  // Step 4: Ben donates shoes → +10 bonus points (donationPoints): 160, still short of a $10 Reward.
  const donation = await api('POST', '/v1/events', {
    programId: program.id,
    type: 'shoe_donation',
    externalId: 'DON-1',
    memberId: ben,
    occurredAt: at(`${Y}-03-01T11:00`).toISOString(),
    properties: { pairs: 2 },
  });
  assert.equal(donation.statusCode, 201, donation.body);
  assert.equal(donation.json().points, 10);
  assert.equal(await convert(`${Y}-03-01T12:00`), 0);
  assert.equal(await points(ben), 160);

  // Step 5: Ann buys a $50.00 gift card: no points (excluded category); her spend is now $170.00, still Club.
  assert.equal((await buy(ann, `${Y}-03-05T12:00`, 'GC-50', 5000, 'gift-cards')).points, 0);
  assert.equal(await points(ann), 20);
  assert.equal((await tier(ann, `${Y}-03-05T13:00`)).code, 'club');

  // Step 6: boots $90.00 → 90 points at Club's rate; spend $260.00 ≥ $200 → Gold after this purchase. 110.
  assert.equal((await buy(ann, `${Y}-03-20T12:00`, 'BO-1', 9000)).points, 90);
  assert.equal(await points(ann), 110);
  assert.equal((await tier(ann, `${Y}-03-20T13:00`)).code, 'gold');

  // Step 7: $300.00 at Gold's rate (1x) → 300; spend $560.00 ≥ $500 → Elite after it. 410.
  assert.equal((await buy(ann, `${Y}-04-15T12:00`, 'SA-1', 30000)).points, 300);
  assert.equal(await points(ann), 410);
  const elite = await tier(ann, `${Y}-04-15T13:00`);
  assert.equal(elite.code, 'elite');
  assert.deepEqual(elite.benefits, {
    earnMultiplier: 2,
    freeShipping: true,
    perks: ['Free express shipping'],
  });

  // Step 8: Elite earns 2 points per $1: $100.00 → 200. 610.
  const p5 = await buy(ann, `${Y}-05-01T12:00`, 'SH-3', 10000);
  assert.equal(p5.points, 200);
  assert.equal(await points(ann), 610);

  // Step 9: she returns those shoes: the 200 points they earned are taken back. 410; still Elite (a return never
  // downgrades at once, and $560.00 of spend remains).
  const ret = await api('POST', `/v1/transactions/${p5.id}/returns`, {
    externalId: 'RET-1',
    items: [{ sku: 'SH-3', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  assert.equal(ret.json().pointsClawedBack, 200);
  assert.equal(await points(ann), 410);
  assert.equal((await tier(ann, `${Y}-05-03T12:00`)).code, 'elite');

  // Step 10: conversion: 410 → four $5 Rewards (400), 10 left. Ben's 160 converts nothing.
  assert.equal(await convert(`${Y}-05-03T15:00`), 4);
  assert.deepEqual([await points(ann), await points(ben)], [10, 160]);
  assert.deepEqual(values(await coupons(ann)), [500, 500, 500, 500, 500]);
  const made = (await api('GET', `/v1/members/${ann}/redemptions`)).json().items as {
    actor: string;
    cost: number;
  }[];
  assert.deepEqual(
    made.map((r) => [r.actor, r.cost]),
    Array(5).fill(['auto', 100]),
  );

  // Step 11: Ann's birthday (14 May): the birthday surprise, a $5 coupon valid 30 days.
  const sweep = await fireScheduledTriggers(ctx.db, program, at(`${Y}-05-14T09:00`));
  assert.equal(sweep.failed, 0, sweep.errors.join('; '));
  const birthday = (await coupons(ann)).at(-1);
  assert.equal(birthday?.name, '$5 birthday surprise');
  assert.equal(birthday?.discount.value, 500);
  assert.equal(birthday?.validUntil, new Date(at(`${Y}-05-14T09:00`).getTime() + 30 * DAY).toISOString());
  assert.equal(await points(ann), 10);

  // Step 12: expiry, 24 months after earning. Ann's 10 are what is left of the 15 April lot (the conversions took
  // the oldest lots first: 100 of 120 in February; then 20 + 90 + 290 of 300); Ben's are 150 of the 10 February
  // lot and the 10 donation points of 1 March.
  const expire = (local: string) => expirePoints(ctx.db, program.tenantId, program.id, at(local));
  await expire(`${Y + 2}-02-10T12:00`); // an hour before Ben's February lot (13:00) expires
  assert.deepEqual([await points(ann), await points(ben)], [10, 160]);
  await expire(`${Y + 2}-02-10T13:30`);
  assert.deepEqual([await points(ann), await points(ben)], [10, 10]);
  await expire(`${Y + 2}-03-01T11:30`);
  assert.equal(await points(ben), 0);
  await expire(`${Y + 2}-04-15T11:30`);
  assert.equal(await points(ann), 10);
  await expire(`${Y + 2}-04-15T12:30`);
  assert.equal(await points(ann), 0);

  assert.deepEqual(await verifyLedger(ctx.db, program.id), []);
});

test('the template creates the tiers, rewards, campaigns and attribute it documents', async () => {
  const tiers = (await api('GET', `/v1/programs/${program.id}/tiers`)).json();
  assert.deepEqual(
    tiers.tiers.map((t: { code: string; qualification?: { spend: number } }) => [
      t.code,
      t.qualification?.spend,
    ]),
    [
      ['club', undefined],
      ['gold', 20000],
      ['elite', 50000],
    ],
  );
  const rewards = (await api('GET', `/v1/rewards?programId=${program.id}`)).json().items;
  assert.deepEqual(
    rewards.map((r: { code: string; cost: number; value: { amount: number }; autoRedeem: object }) => [
      r.code,
      r.cost,
      r.value.amount,
      r.autoRedeem,
    ]),
    [
      ['quick', 100, 500, {}],
      ['save', 200, 1000, {}],
      ['goals', 400, 2000, {}],
    ],
  );
  const bad = await api('POST', '/v1/members', {
    programId: program.id,
    firstName: 'X',
    attributes: { rewardOption: 'later' },
  });
  assert.equal(bad.statusCode, 400, bad.body);
});
