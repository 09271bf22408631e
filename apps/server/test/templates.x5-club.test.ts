import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { reevaluateProgram } from '../src/modules/tiers/reevaluate.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/**
 * X5 Club from its template, with the default parameters, over three months of 2026 in Moscow (UTC+3).
 * Conventions (programs.md): money is exact kopecks; earn is computed per receipt on the eligible amount, each rule
 * rounding down on its own; 1 point = 1 ₽, so 0.5 % is 1 point per 200 ₽. A month's spend of 10,000 ₽ gives Level 2
 * for the next month (the tier set's `upgradeAt: next_period`; the reviews run at the month end with `now`), so the
 * receipt that crosses the target earns at Level 1. Favourite categories are the member attributes the app sets:
 * their rules add the favourite rate minus the level rate, so a favourite line earns 10 % (Level 1) or 20 % (Level 2)
 * in all. A redemption never lowers the month's spend; a refund takes back the refunded lines' points and spend.
 * The chain is the purchase channel.
 */
let ctx: TestContext;
let program: Program;
let seq = 0;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const rub = (n: number) => n * 100;
const line = (sku: string, category: string, roubles: number) => ({
  sku,
  category,
  quantity: 1,
  unitPrice: rub(roubles),
});

async function buy(memberId: string, channel: string, occurredAt: string, lines: object[]) {
  const res = await api('POST', '/v1/transactions', {
    externalId: `x5-${++seq}`,
    programId: program.id,
    memberId,
    occurredAt,
    channel,
    currency: 'RUB',
    lines,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; points: { awarded: number } };
}

async function balance(memberId: string): Promise<number> {
  const res = await api('GET', `/v1/members/${memberId}/balance`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().wallets.find((w: { wallet: string }) => w.wallet === 'points').balance;
}

async function level(memberId: string, asOf: string) {
  const res = await api('GET', `/v1/members/${memberId}/tier?asOf=${encodeURIComponent(asOf)}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function favourites(memberId: string, attributes: Record<string, string>) {
  const res = await api('PATCH', `/v1/members/${memberId}`, { attributes });
  assert.equal(res.statusCode, 200, res.body);
}

const monthEnd = (now: string) => reevaluateProgram(ctx.db, program, new Date(now));
const iso = (s: string) => new Date(s).toISOString();

test('X5 Club: levels month to month, favourite categories, partners, food.ru, a refund and a redemption', async () => {
  const made = await api('POST', '/v1/programs/from-template', { template: 'x5-club', slug: 'x5' });
  assert.equal(made.statusCode, 201, made.body);
  const body = made.json();
  assert.deepEqual(
    [body.program.currency, body.program.timezone, body.program.defaultCountry],
    ['RUB', 'Europe/Moscow', 'RU'],
  );
  assert.deepEqual(body.created.tiers, ['level-1', 'level-2']);
  assert.equal(body.created.campaigns.length, 4);
  program = await getProgram(ctx.db, ctx.a.tenantId, body.program.id);
  const m = (await api('POST', '/v1/members', { programId: program.id })).json().id as string;
  await favourites(m, { favPyaterochka1: 'dairy', favPerekrestok1: 'coffee-tea' });

  // 1. Pyaterochka, Level 1: 0.5 % of 4,000 ₽ = 20; favourite dairy +9.5 % of 1,000 ₽ = 95. 115.
  let tx = await buy(m, 'pyaterochka', '2026-01-10T12:00:00+03:00', [
    line('MILK', 'dairy', 1000),
    line('BREAD', 'bakery', 3000),
  ]);
  assert.equal(tx.points.awarded, 115);
  assert.equal(await balance(m), 115);
  // 2. Perekrestok, Level 1: 0.5 % of 7,000 ₽ = 35; favourite coffee +9.5 % of 2,000 ₽ = 190. 225 → 340.
  //    January spend 11,000 ₽ reaches the target: Level 2 from 1 February, still Level 1 now.
  tx = await buy(m, 'perekrestok', '2026-01-20T12:00:00+03:00', [
    line('COFFEE', 'coffee-tea', 2000),
    line('STEAK', 'meat', 5000),
  ]);
  assert.equal(tx.points.awarded, 225);
  assert.equal(await balance(m), 340);
  let t = await level(m, '2026-01-21T00:00:00+03:00');
  assert.deepEqual([t.tier.code, t.reviewAt], ['level-1', iso('2026-02-01T00:00:00+03:00')]);
  // 3. Pyaterochka express delivery, still Level 1: 0.5 % of 350 ₽ = 1.75 → 1. 341.
  tx = await buy(m, 'pyaterochka-delivery', '2026-01-25T12:00:00+03:00', [line('BUN', 'bakery', 350)]);
  assert.equal(tx.points.awarded, 1);
  assert.equal(await balance(m), 341);

  // 4. The January month end: Level 2 for February.
  assert.equal((await monthEnd('2026-02-01T00:30:00+03:00')).changed, 1);
  t = await level(m, '2026-02-01T01:00:00+03:00');
  assert.deepEqual([t.tier.code, t.since], ['level-2', iso('2026-02-01T00:00:00+03:00')]);
  await favourites(m, { favPyaterochka2: 'fruit-veg' });

  // 5. Pyaterochka, Level 2: 1 % of 4,000 ₽ = 40; dairy and fruit-veg +19 % of 1,000 ₽ = 190 each. 420 → 761.
  const feb = await buy(m, 'pyaterochka', '2026-02-03T12:00:00+03:00', [
    line('MILK', 'dairy', 1000),
    line('APPLES', 'fruit-veg', 1000),
    line('BREAD', 'bakery', 2000),
  ]);
  assert.equal(feb.points.awarded, 420);
  assert.equal(await balance(m), 761);
  // 6. Perekrestok, Level 2: 1.5 % of 4,000 ₽ = 60; coffee +18.5 % of 2,000 ₽ = 370. 430 → 1,191.
  tx = await buy(m, 'perekrestok', '2026-02-05T12:00:00+03:00', [
    line('COFFEE', 'coffee-tea', 2000),
    line('STEAK', 'meat', 2000),
  ]);
  assert.equal(tx.points.awarded, 430);
  assert.equal(await balance(m), 1191);
  // 7. Mnogo Lososya at Level 2: 1.5 % of 1,000 ₽ = 15. 1,206.
  tx = await buy(m, 'mnogo-lososya', '2026-02-07T12:00:00+03:00', [line('SALMON', 'fish', 1000)]);
  assert.equal(tx.points.awarded, 15);
  assert.equal(await balance(m), 1206);
  // 8. A recipe published on food.ru: 2,500. 3,706.
  const recipe = await api('POST', '/v1/events', {
    type: 'foodru.recipe_published',
    externalId: 'recipe-1',
    programId: program.id,
    memberId: m,
    occurredAt: '2026-02-10T12:00:00+03:00',
    properties: { recipeId: 'borscht' },
  });
  assert.equal(recipe.statusCode, 201, recipe.body);
  assert.equal(await balance(m), 3706);
  // 9. The milk of step 5 is refunded: its share of the level points (40 by net 1:1:2 → 10) + its 190. 3,506.
  const ret = await api('POST', `/v1/transactions/${feb.id}/returns`, {
    externalId: 'x5-ret-1',
    items: [{ sku: 'MILK', quantity: 1 }],
  });
  assert.equal(ret.statusCode, 201, ret.body);
  assert.equal(ret.json().pointsClawedBack, 200);
  assert.equal(await balance(m), 3506);
  // 10. 500 points pay part of a receipt: 3,006. February spend stays 4,000 + 4,000 + 1,000 − 1,000 = 8,000 ₽.
  assert.equal((await api('POST', `/v1/members/${m}/points/spend`, { amount: 500 })).statusCode, 201);
  assert.equal(await balance(m), 3006);
  t = await level(m, '2026-02-20T00:00:00+03:00');
  assert.deepEqual(
    [t.tier.code, t.keep.met, t.keep.requirements[0].remaining],
    ['level-2', false, rub(2000)],
  );

  // 11. The February month end: 8,000 ₽ < 10,000 ₽, back to Level 1 for March.
  assert.equal((await monthEnd('2026-03-01T00:30:00+03:00')).changed, 1);
  t = await level(m, '2026-03-01T01:00:00+03:00');
  assert.deepEqual([t.tier.code, t.reviewAt], ['level-1', null]);
  // 12. Pyaterochka, Level 1: 0.5 % of 2,000 ₽ = 10; dairy (pick 1) +9.5 % = 95; fruit-veg is pick 2, Level 2 only.
  tx = await buy(m, 'pyaterochka', '2026-03-03T12:00:00+03:00', [
    line('MILK', 'dairy', 1000),
    line('APPLES', 'fruit-veg', 1000),
  ]);
  assert.equal(tx.points.awarded, 105);
  assert.equal(await balance(m), 3111);
  assert.deepEqual(await verifyLedger(ctx.db), []);
});

test('X5 Club: parameters that contradict each other are field errors and write nothing', async () => {
  const programs = await countRows(ctx.db, 'programs');
  for (const [params, field] of [
    [{ favouriteLevel1Percent: 0.5 }, '/params/favouriteLevel1Percent'],
    [{ level1Percent: 0.555 }, '/params/level1Percent'],
    [{ favouriteCategories: ['Dairy products'] }, '/params/favouriteCategories/0'],
  ] as const) {
    const res = await api('POST', '/v1/programs/from-template', {
      template: 'x5-club',
      slug: `x5-bad-${++seq}`,
      params,
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.ok(
      res.json().errors.some((e: { field: string }) => e.field === field),
      `${field} in ${res.body}`,
    );
  }
  assert.equal(await countRows(ctx.db, 'programs'), programs);
});
