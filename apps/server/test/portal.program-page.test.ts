import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call } from './helpers/context.js';
import { createPortalContext, type PortalContext } from './helpers/portal.js';

/** The public program page is generated from the program's configuration: earn rules, tiers, rewards and FAQ. */
let ctx: PortalContext;
before(async () => {
  ctx = await createPortalContext();
});
after(() => ctx.close());

const api = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) =>
  call(ctx.app, ctx.a.key, method, url, body);
const page = (slug: string) => call(ctx.portal, undefined, 'GET', `/v1/portal/programs/${slug}`);

test('a program built from the Starbucks template', async () => {
  const made = await api('POST', '/v1/programs/from-template', { template: 'starbucks', slug: 'coffee' });
  assert.equal(made.statusCode, 201, made.body);
  const res = await page('coffee');
  assert.equal(res.statusCode, 200, res.body);
  const p = res.json();
  assert.equal(p.slug, 'coffee');
  assert.equal(p.name, 'Starbucks Rewards');
  assert.equal(p.currency, 'USD');
  assert.equal(p.timezone, 'America/Los_Angeles');
  assert.equal(p.pointName, 'Stars');

  assert.deepEqual(p.earn.baseRate, { points: 1, perMinor: 100, text: '1 Star for every $1.00 you spend' });
  assert.deepEqual(
    p.earn.campaigns.map((c: { name: string }) => c.name),
    ['Digital reload bonus', 'Birthday reward'],
    'live campaigns only: not the base rate, tier benefits or the unpublished Double Star Days',
  );
  const reload = p.earn.events.find((e: { type: string }) => e.type === 'card_reload');
  assert.equal(reload.name, 'Digital card reload');
  assert.equal(reload.description, 'The member reloaded their Starbucks Card in the app');
  assert.match(reload.text, /25 Stars for each digital card reload/);
  assert.ok(p.earn.summary.includes('Earn 1 Star for every $1.00 you spend.'));
  assert.ok(p.earn.summary.includes('Gold members earn 1.2× Stars on purchases.'));
  assert.equal(
    p.earn.summary.filter((s: string) => s.includes('Birthday reward')).length,
    1,
    'the same sentence once',
  );

  assert.equal(p.tiers.window, 'rolling_12_months');
  assert.deepEqual(
    p.tiers.items.map((t: { name: string; thresholdText: string }) => [t.name, t.thresholdText]),
    [
      ['Green', 'Where every member starts'],
      ['Gold', 'Earn 500 Stars in 12 months'],
      ['Reserve', 'Earn 2,500 Stars in 12 months'],
    ],
  );
  const gold = p.tiers.items[1];
  assert.deepEqual(gold.threshold, { match: 'any', qualifyingPoints: 500 });
  assert.equal(gold.benefits.earnMultiplier, 1.2);
  assert.deepEqual(gold.benefitsText.slice(0, 2), ['1.2× Stars on purchases', 'Stars never expire']);
  assert.match(p.tiers.keepText, /reviewed 12 months after you reach it/);

  assert.deepEqual(
    p.rewards.map((r: { name: string; cost: number }) => [r.name, r.cost]),
    [
      ['Drink customization', 25],
      ['$2 off any item', 60],
      ['Brewed coffee or tea, bakery or snack', 100],
      ['Handcrafted drink or hot breakfast', 200],
      ['Sandwich, protein box or packaged coffee', 300],
      ['Merchandise up to $20', 400],
    ],
  );
  assert.equal(p.rewards[1].text, '$2.00 off for 60 Stars');

  const faq = new Map(p.faq.map((f: { id: string; answer: string }) => [f.id, f.answer]));
  assert.deepEqual([...faq.keys()], ['earn', 'pending', 'expiry', 'tiers', 'redeem', 'returns', 'sign-in']);
  assert.match(String(faq.get('expiry')), /after 6 months without a purchase or redemption/);
  assert.match(String(faq.get('expiry')), /While you are Gold or Reserve, your Stars never expire/);
  assert.match(String(faq.get('pending')), /Right away/);
  assert.match(String(faq.get('redeem')), /start at 25 Stars/);
});

test('the page follows the configuration: policy, rewards and campaigns as they change', async () => {
  const made = await api('POST', '/v1/programs', {
    slug: 'shop',
    name: 'Shop',
    currency: 'EUR',
    timezone: 'UTC',
  });
  const id = made.json().id as string;
  const before = (await page('shop')).json();
  assert.equal(before.tiers, null);
  assert.deepEqual(before.rewards, []);
  assert.deepEqual(before.earn.campaigns, []);
  assert.equal(
    before.faq.find((f: { id: string }) => f.id === 'expiry').answer,
    'No. Your points do not expire.',
  );

  const policy = (await api('GET', `/v1/programs/${id}/ledger-policy`)).json();
  const saved = await api('PUT', `/v1/programs/${id}/ledger-policy`, {
    ...policy,
    earnPoints: 5,
    excludedCategories: ['gift-cards'],
    pendingDays: 30,
    expiryMode: 'after_earn',
    expiryMonths: 24,
    expiryRoundTo: 'year',
  });
  assert.equal(saved.statusCode, 200, saved.body);
  await api('POST', '/v1/rewards', {
    programId: id,
    code: 'ten',
    name: 'Ten off',
    type: 'amount_discount',
    cost: 500,
    value: { amount: 1000, minSpend: 5000 },
  });
  await api('POST', '/v1/campaigns', {
    programId: id,
    name: 'Shoe week',
    description: 'Double points on shoes',
    publish: true,
    rules: [
      {
        key: 'shoes',
        name: 'Double shoes',
        trigger: { type: 'purchase' },
        effects: [{ kind: 'points_multiplier', factor: 2, match: { categories: ['shoes'] } }],
      },
    ],
  });
  await api('POST', '/v1/campaigns', {
    programId: id,
    name: 'Draft only',
    rules: [
      { key: 'x', name: 'X', trigger: { type: 'purchase' }, effects: [{ kind: 'points_fixed', points: 1 }] },
    ],
  });

  const p = (await page('shop')).json();
  assert.equal(p.earn.baseRate.text, '5 points for every €1.00 you spend, except on category gift-cards');
  assert.deepEqual(p.earn.excluded, { skus: [], categories: ['gift-cards'] });
  assert.deepEqual(p.earn.campaigns, [
    {
      id: p.earn.campaigns[0].id,
      name: 'Shoe week',
      description: 'Double points on shoes',
      audience: null,
      rules: [{ name: 'Double shoes', text: '2× points on category shoes when you shop' }],
    },
  ]);
  assert.equal(p.rewards[0].text, '€10.00 off a purchase of €50.00 or more for 500 points');
  const faq = new Map(p.faq.map((f: { id: string; answer: string }) => [f.id, f.answer]));
  assert.match(String(faq.get('pending')), /available 30 days after it/);
  assert.match(String(faq.get('expiry')), /expire 24 months after you earn them, at the end of that year/);
});

test('the page is public and unknown slugs are 404 program_not_found', async () => {
  const res = await page('default');
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().name, 'Loyalty program');
  const missing = await page('no-such-program');
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'program_not_found');
  assert.equal((await page('no-tenant.default')).statusCode, 404);
});
