import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runJobsTick } from '../src/maintenance.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { reevaluateProgram } from '../src/modules/tiers/reevaluate.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';
import { onPostgres } from './helpers/database.js';

/**
 * Tier administration and benefits: definitions validated and changed after launch (recomputed with progress), the
 * Tier benefits campaign carrying earn multipliers through the rules engine, the tier_changed trigger, invite-only
 * tiers assigned by hand, and the discount-card checkout quote.
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown, key = ctx.a.key) =>
  call(ctx.app, key, method, url, body);
const log = { info: () => undefined, error: () => undefined };
const NOW = new Date().toISOString();

let seq = 0;
async function program(set?: Record<string, unknown>): Promise<Program> {
  const res = await api('POST', '/v1/programs', {
    slug: `admin-${++seq}`,
    name: `Admin ${seq}`,
    currency: 'EUR',
    timezone: 'Europe/Berlin',
  });
  assert.equal(res.statusCode, 201, res.body);
  const id = res.json().id as string;
  if (set) assert.equal((await api('PUT', `/v1/programs/${id}/tiers`, set)).statusCode, 200);
  return getProgram(ctx.db, ctx.a.tenantId, id);
}

async function member(p: Program, extra: object = {}): Promise<string> {
  const res = await api('POST', '/v1/members', { programId: p.id, firstName: `Member ${++seq}`, ...extra });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id as string;
}

async function buy(p: Program, memberId: string, amount: number, occurredAt = NOW): Promise<number> {
  const res = await api('POST', '/v1/transactions', {
    externalId: `tx-${++seq}`,
    programId: p.id,
    memberId,
    occurredAt,
    currency: 'EUR',
    lines: [{ sku: 'SKU-1', quantity: 1, unitPrice: amount }],
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().points.awarded as number;
}

const tierOf = async (memberId: string) =>
  (await api('GET', `/v1/members/${memberId}/tier`)).json().tier.code;

const set = (tiers: object[], extra: object = {}) => ({
  window: 'calendar_year',
  downgrade: { policy: 'to_metric' },
  tiers: [{ code: 'blue', name: 'Blue', rank: 0 }, ...tiers],
  ...extra,
});

test('tier definitions are validated with field-level errors, and a rejected set writes nothing', async () => {
  const p = await program();
  const before = await countRows(ctx.db, 'tier_sets');
  const res = await api('PUT', `/v1/programs/${p.id}/tiers`, {
    window: 'calendar_year',
    downgrade: { policy: 'one_level' },
    tiers: [
      { code: 'blue', name: 'Blue', rank: 0, qualification: { spend: 100 } },
      { code: 'gold', name: 'Gold', rank: 1 },
      { code: 'gold', name: 'Gold again', rank: 1, qualification: { spend: 5000 } },
      { code: 'summit', name: 'Summit', rank: 9, inviteOnly: true, qualification: { spend: 1 } },
    ],
  });
  assert.equal(res.statusCode, 400, res.body);
  const fields = (res.json().errors as { field: string; code: string }[]).map((e) => `${e.field} ${e.code}`);
  assert.deepEqual(fields.sort(), [
    '/tiers/0/qualification entry_tier',
    '/tiers/1/qualification required',
    '/tiers/2/code duplicate',
    '/tiers/2/rank duplicate',
    '/tiers/3/qualification invite_only',
  ]);
  const schema = await api(
    'PUT',
    `/v1/programs/${p.id}/tiers`,
    set([{ code: 'x', name: 'X', rank: 1, qualification: { spend: -5 } }]),
  );
  assert.equal(schema.statusCode, 400);
  assert.equal(await countRows(ctx.db, 'tier_sets'), before);
  // Nothing was written: the program still has no tiers, which reads as an empty answer.
  assert.equal((await api('GET', `/v1/programs/${p.id}/tiers`)).statusCode, 204);
});

test('tiers launched on history and changed after launch are recomputed for every member, with progress', async () => {
  const p = await program();
  const low = await member(p);
  const high = await member(p);
  const none = await member(p);
  await buy(p, low, 40000);
  await buy(p, high, 60000);
  await buy(p, none, 10000);
  const launch = await api(
    'PUT',
    `/v1/programs/${p.id}/tiers`,
    set([{ code: 'silver', name: 'Silver', rank: 1, qualification: { spend: 50000 } }]),
  );
  assert.equal(launch.statusCode, 200, launch.body);
  await runJobsTick(ctx.db, log, 'test');
  assert.deepEqual(
    [await tierOf(low), await tierOf(high), await tierOf(none)],
    ['blue', 'silver', 'blue'],
    'placed by history',
  );

  const change = await api(
    'PUT',
    `/v1/programs/${p.id}/tiers`,
    set([
      { code: 'silver', name: 'Silver', rank: 1, qualification: { spend: 30000 } },
      { code: 'platinum', name: 'Platinum', rank: 2, qualification: { spend: 55000 } },
    ]),
  );
  assert.equal(change.statusCode, 200, change.body);
  assert.equal(change.json().version, 2);
  const run = change.json().recompute;
  assert.equal(run.status, 'queued');
  await runJobsTick(ctx.db, log, 'test');
  const progress = (await api('GET', `/v1/programs/${p.id}/tiers/recomputes/${run.id}`)).json();
  assert.deepEqual(
    [progress.status, progress.total, progress.processed, progress.changed],
    ['done', 3, 3, 2],
  );
  assert.deepEqual(
    [await tierOf(low), await tierOf(high), await tierOf(none)],
    ['silver', 'platinum', 'blue'],
  );

  // Raised thresholds take effect at the next review, not mid-period; a removed tier moves its members now.
  await api(
    'PUT',
    `/v1/programs/${p.id}/tiers`,
    set([
      { code: 'silver', name: 'Silver', rank: 1, qualification: { spend: 70000 } },
      { code: 'platinum', name: 'Platinum', rank: 2, qualification: { spend: 90000 } },
    ]),
  );
  await runJobsTick(ctx.db, log, 'test');
  assert.deepEqual([await tierOf(low), await tierOf(high)], ['silver', 'platinum']);
  await api(
    'PUT',
    `/v1/programs/${p.id}/tiers`,
    set([{ code: 'silver', name: 'Silver', rank: 1, qualification: { spend: 50000 } }]),
  );
  await runJobsTick(ctx.db, log, 'test');
  assert.deepEqual([await tierOf(low), await tierOf(high)], ['silver', 'silver']);
  const reasons = (await api('GET', `/v1/members/${high}/tier/history`))
    .json()
    .items.map((i: { reason: string }) => i.reason);
  assert.deepEqual(reasons, ['definition_changed', 'definition_changed', 'definition_changed']);
});

test('the tier multiplier applies to purchase points through the rules engine, republished on change', async () => {
  const p = await program(
    set([
      {
        code: 'silver',
        name: 'Silver',
        rank: 1,
        qualification: { spend: 30000 },
        benefits: { earnMultiplier: 1.5 },
      },
    ]),
  );
  const m = await member(p);
  assert.equal(await buy(p, m, 30000), 300, 'the purchase that reaches Silver earns at the old rate');
  assert.equal(await tierOf(m), 'silver');
  assert.equal(await buy(p, m, 10000), 150, '100 base × 1.5');
  const campaigns = (await api('GET', `/v1/campaigns?programId=${p.id}`)).json().items as {
    id: string;
    name: string;
    kind: string;
    currentVersion: number;
    status: string;
  }[];
  const benefits = campaigns.find((c) => c.name === 'Tier benefits');
  assert.ok(benefits);
  assert.equal(benefits.kind, 'standard');
  await api(
    'PUT',
    `/v1/programs/${p.id}/tiers`,
    set([
      {
        code: 'silver',
        name: 'Silver',
        rank: 1,
        qualification: { spend: 30000 },
        benefits: { earnMultiplier: 3 },
      },
    ]),
  );
  assert.equal(await buy(p, m, 10000), 300);
  assert.equal((await api('GET', `/v1/campaigns/${benefits.id}`)).json().currentVersion, 2);
  await api(
    'PUT',
    `/v1/programs/${p.id}/tiers`,
    set([{ code: 'silver', name: 'Silver', rank: 1, qualification: { spend: 30000 } }]),
  );
  assert.equal((await api('GET', `/v1/campaigns/${benefits.id}`)).json().status, 'paused');
  assert.equal(await buy(p, m, 10000), 100);
});

test('a tier change fires the tier_changed trigger with the new tier, and a webhook event', async () => {
  const p = await program(
    set([
      { code: 'silver', name: 'Silver', rank: 1, qualification: { spend: 30000 } },
      { code: 'gold', name: 'Gold', rank: 2, qualification: { spend: 60000 } },
    ]),
  );
  const c = await api('POST', '/v1/campaigns', {
    programId: p.id,
    name: 'Welcome to Gold',
    rules: [
      {
        key: 'gold',
        name: 'Gold bonus',
        trigger: { type: 'tier_changed', toTiers: ['gold'] },
        effects: [{ kind: 'points_fixed', points: 500 }],
      },
    ],
    publish: true,
  });
  assert.equal(c.statusCode, 201, c.body);
  const m = await member(p);
  const balance = async () => (await api('GET', `/v1/members/${m}/balance`)).json().wallets[0]?.balance ?? 0;
  await buy(p, m, 30000);
  assert.equal(await balance(), 300, 'reaching Silver fires nothing for a Gold-only rule');
  await buy(p, m, 30000);
  assert.equal(await tierOf(m), 'gold');
  assert.equal(await balance(), 300 + 300 + 500);
  const events = await ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('type', '=', 'member.tier_changed')
    .where('program_id', '=', p.id)
    .execute();
  assert.deepEqual(events.map((e) => (e.payload as { to: string }).to).sort(), ['gold', 'silver']);
});

test('invite-only tiers are assigned by hand (audited), kept through reviews, and removal places by activity', async () => {
  const p = await program(
    set([
      { code: 'gold', name: 'Gold', rank: 1, qualification: { spend: 60000 } },
      { code: 'summit', name: 'Summit', rank: 5, inviteOnly: true, hidden: true },
    ]),
  );
  const m = await member(p);
  await buy(p, m, 1_000_000);
  assert.equal(await tierOf(m), 'gold', 'no amount of spend reaches an invite-only tier');
  const unknown = await api('PUT', `/v1/members/${m}/tier`, { tier: 'nope', reason: 'test' });
  assert.equal(unknown.statusCode, 400);
  assert.equal(unknown.json().errors[0].field, '/tier');
  const assign = await api('PUT', `/v1/members/${m}/tier`, { tier: 'summit', reason: 'brand ambassador' });
  assert.equal(assign.statusCode, 200, assign.body);
  assert.equal(assign.json().tier.code, 'summit');
  assert.equal(assign.json().manual, true);
  assert.equal(assign.json().next, null);
  const audit = await ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject_id', '=', m)
    .where('action', '=', 'member.tier_assigned')
    .execute();
  assert.equal(audit.length, 1);
  assert.equal((audit[0]?.details as { reason?: string } | undefined)?.reason, 'brand ambassador');
  await reevaluateProgram(ctx.db, p, new Date('2100-01-01T00:00:00Z'));
  assert.equal(await tierOf(m), 'summit', 'kept until removed');
  const publicTiers = (await api('GET', `/v1/programs/${p.id}/tiers`, undefined, ctx.a.publishableKey)).json()
    .tiers;
  assert.deepEqual(
    publicTiers.map((t: { code: string }) => t.code),
    ['blue', 'gold'],
    'hidden from publishable keys',
  );
  const foreign = await call(ctx.app, ctx.b.key, 'GET', `/v1/members/${m}/tier`);
  assert.equal(foreign.statusCode, 404, 'another tenant sees nothing');
  const foreignAssign = await call(ctx.app, ctx.b.key, 'PUT', `/v1/members/${m}/tier`, {
    tier: 'gold',
    reason: 'x',
  });
  assert.equal(foreignAssign.statusCode, 404);
  const removed = await api('DELETE', `/v1/members/${m}/tier`);
  assert.equal(removed.statusCode, 200, removed.body);
  assert.equal(removed.json().tier.code, 'gold');
  assert.equal((await api('DELETE', `/v1/members/${m}/tier`)).json().code, 'tier_not_manual');
  const history = (await api('GET', `/v1/members/${m}/tier/history`)).json().items;
  assert.deepEqual(
    history.map((h: { reason: string }) => h.reason),
    ['manual_removed', 'manual', 'upgrade'],
  );
});

test('checkout quote: the tier discount per line, rounded half up, with exclusions and an explanation', async () => {
  const p = await program({
    window: 'calendar_year',
    downgrade: { policy: 'to_metric' },
    discountExclusions: { categories: ['tobacco'] },
    tiers: [
      { code: 'card', name: 'Card', rank: 0, benefits: { discountPercent: 3 } },
      {
        code: 'gold',
        name: 'Gold',
        rank: 1,
        qualification: { spend: 50000 },
        benefits: { discountPercent: 7.5 },
      },
    ],
  });
  const m = await member(p, { identities: [{ type: 'email', value: 'quote@example.com' }] });
  const lines = [
    { sku: 'A', quantity: 3, unitPrice: 333 },
    { sku: 'B', quantity: 1, unitPrice: 1250, discount: 50 },
    { sku: 'CIG', category: 'tobacco', quantity: 1, unitPrice: 1000 },
  ];
  const quote = await api('POST', '/v1/checkout/quote', {
    programId: p.id,
    identity: { type: 'email', value: 'quote@example.com' },
    lines,
  });
  assert.equal(quote.statusCode, 200, quote.body);
  const q = quote.json();
  assert.equal(q.tier.code, 'card');
  assert.deepEqual(
    q.lines.map((l: { tierDiscount: number }) => l.tierDiscount),
    [30, 36, 0],
    '29.97 → 30, 36, excluded',
  );
  assert.deepEqual([q.subtotal, q.tierDiscount, q.total], [3199, 66, 3133]);
  assert.match(q.explanation, /Card card: 3% off/);
  await buy(p, m, 50000);
  const gold = (
    await api('POST', '/v1/checkout/quote', { programId: p.id, memberId: m, currency: 'EUR', lines })
  ).json();
  assert.deepEqual(
    gold.lines.map((l: { tierDiscount: number }) => l.tierDiscount),
    [75, 90, 0],
    '74.925 → 75 (half up)',
  );
  const wrong = await api('POST', '/v1/checkout/quote', {
    programId: p.id,
    memberId: m,
    currency: 'USD',
    lines,
  });
  assert.equal(wrong.json().code, 'currency_mismatch');
  const nobody = await api('POST', '/v1/checkout/quote', { programId: p.id, lines });
  assert.equal(nobody.statusCode, 400);
  const bad = await api('POST', '/v1/checkout/quote', {
    programId: p.id,
    memberId: m,
    lines: [{ sku: 'A', quantity: 1, unitPrice: 10, discount: 20 }],
  });
  assert.equal(bad.json().errors[0].field, '/lines/0/discount');
  const untiered = await program();
  const none = await api('POST', '/v1/checkout/quote', {
    programId: untiered.id,
    memberId: await member(untiered),
    lines,
  });
  assert.equal(none.json().code, 'tiers_not_configured');
});

test('parallel purchases crossing a threshold upgrade once and fire tier_changed once', {
  skip: !onPostgres,
}, async () => {
  const p = await program(
    set([{ code: 'silver', name: 'Silver', rank: 1, qualification: { spend: 30000 } }]),
  );
  const c = await api('POST', '/v1/campaigns', {
    programId: p.id,
    name: 'Silver welcome',
    rules: [
      {
        key: 'welcome',
        name: 'Welcome',
        trigger: { type: 'tier_changed', toTiers: ['silver'] },
        effects: [{ kind: 'points_fixed', points: 1000 }],
      },
    ],
    publish: true,
  });
  assert.equal(c.statusCode, 201, c.body);
  const m = await member(p);
  await Promise.all(Array.from({ length: 8 }, () => buy(p, m, 10000)));
  const history = (await api('GET', `/v1/members/${m}/tier/history`)).json().items;
  assert.deepEqual(
    history.map((h: { to: string }) => h.to),
    ['silver'],
  );
  const balance = (await api('GET', `/v1/members/${m}/balance`)).json().wallets[0]?.balance;
  assert.equal(balance, 8 * 100 + 1000);
});
