import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/** Campaigns through the API: versions, lifecycle, validation, dry runs, time travel, explain, the default rule. */
let ctx: TestContext;
let seq = 0;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
const member = async (extra: object = {}) =>
  (await api('POST', '/v1/members', { firstName: 'Camp', ...extra })).json().id as string;

function purchase(memberId: string, lines: object[], extra: object = {}) {
  seq++;
  return {
    externalId: `C-${seq}`,
    memberId,
    occurredAt: new Date().toISOString(),
    channel: 'pos',
    currency: 'EUR',
    lines,
    ...extra,
  };
}

const shoes = { sku: 'SHOE-1', category: 'shoes', quantity: 1, unitPrice: 8000 };
const shirt = { sku: 'SHIRT-1', category: 'shirts', quantity: 2, unitPrice: 1000 };

const springShoes = {
  name: 'Spring shoes',
  rules: [
    {
      key: 'double-shoes',
      name: '2x points on shoes',
      trigger: { type: 'purchase' },
      when: { kind: 'items', match: { categories: ['shoes'] }, quantifier: 'any' },
      effects: [{ kind: 'points_multiplier', factor: 2, match: { categories: ['shoes'] } }],
    },
  ],
};

async function publish(doc: object) {
  const res = await api('POST', '/v1/campaigns', { ...doc, publish: true });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; status: string; currentVersion: number; versions: { id: string }[] };
}

test('a published campaign multiplies the base earn, explains it, and its ledger entries name the version', async () => {
  const campaign = await publish(springShoes);
  assert.equal(campaign.status, 'active');
  assert.equal(campaign.currentVersion, 1);
  const m = await member();
  const res = await api('POST', '/v1/transactions', purchase(m, [shoes, shirt]));
  assert.equal(res.statusCode, 201, res.body);
  const tx = res.json();
  // Base: 1 point per €1 on €100 = 100; shoes (€80) doubled: +80.
  assert.equal(tx.points.awarded, 180);
  const bonus = tx.effects.find(
    (e: { rule: { campaignName: string } }) => e.rule.campaignName === 'Spring shoes',
  );
  assert.equal(bonus.points, 80);
  assert.match(bonus.explanation, /2× points on category shoes .*campaign 'Spring shoes' v1/);
  assert.equal(tx.lines[0].points, 160);
  assert.match(tx.lines[0].explanation, /\+80 Base earn, \+80 2x points on shoes/);
  const entries = await sql<{ rule_key: string; amount: string }>`
    SELECT e.rule_key, e.amount FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id
    WHERE e.campaign_version_id = ${campaign.versions[0]?.id} AND a.member_id = ${m}`.execute(ctx.db);
  assert.deepEqual(
    entries.rows.map((r) => [r.rule_key, Number(r.amount)]),
    [['double-shoes', 80]],
  );
  const unattributed = await sql<{ n: string }>`
    SELECT count(*) AS n FROM ledger_entries e JOIN ledger_journals j ON j.id = e.journal_id
    WHERE j.kind = 'earn' AND e.campaign_version_id IS NULL`.execute(ctx.db);
  assert.equal(Number(unattributed.rows[0]?.n), 0, 'every earn entry references a rule version');
  await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'end' });
});

test('a new version changes what applies from then on; published versions are immutable', async () => {
  const campaign = await publish({ ...springShoes, name: 'Versioned' });
  const doc = {
    ...springShoes,
    name: 'Versioned',
    rules: [
      {
        ...springShoes.rules[0],
        effects: [{ kind: 'points_multiplier', factor: 3, match: { categories: ['shoes'] } }],
      },
    ],
  };
  const saved = await api('PUT', `/v1/campaigns/${campaign.id}`, doc);
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal(saved.json().draftChanged, true);
  const m = await member();
  const before = (await api('POST', '/v1/transactions', purchase(m, [shoes]))).json();
  assert.equal(before.points.awarded, 160, 'the unpublished draft does not apply');
  const published = await api('POST', `/v1/campaigns/${campaign.id}/publish`);
  assert.equal(published.json().currentVersion, 2);
  const afterTx = (await api('POST', '/v1/transactions', purchase(m, [shoes]))).json();
  assert.equal(afterTx.points.awarded, 240);
  assert.match(afterTx.effects[1].explanation, /v2$/);
  const v1 = await api('GET', `/v1/campaigns/${campaign.id}/versions/1`);
  assert.equal(v1.json().document.rules[0].effects[0].factor, 2);
  await assert.rejects(sql`UPDATE campaign_versions SET version = 9`.execute(ctx.db), /append-only/);
  await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'end' });
});

test('pause, resume and end; a wrong transition is a 409', async () => {
  const campaign = await publish({ ...springShoes, name: 'Lifecycle' });
  const m = await member();
  const pause = await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'pause' });
  assert.equal(pause.json().status, 'paused');
  assert.equal((await api('POST', '/v1/transactions', purchase(m, [shoes]))).json().points.awarded, 80);
  const again = await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'pause' });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().code, 'invalid_transition');
  await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'resume' });
  assert.equal((await api('POST', '/v1/transactions', purchase(m, [shoes]))).json().points.awarded, 160);
  const end = await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'end' });
  assert.equal(end.json().status, 'ended');
  assert.equal((await api('POST', `/v1/campaigns/${campaign.id}/publish`)).statusCode, 409);
  assert.equal((await api('POST', '/v1/transactions', purchase(m, [shoes]))).json().points.awarded, 80);
});

test('a scheduled campaign is scheduled until its start', async () => {
  const start = new Date(Date.now() + 86_400_000).toISOString();
  const campaign = await publish({ ...springShoes, name: 'Later', schedule: { start } });
  assert.equal(campaign.status, 'scheduled');
  const m = await member();
  assert.equal((await api('POST', '/v1/transactions', purchase(m, [shoes]))).json().points.awarded, 80);
  const tomorrow = purchase(m, [shoes], { occurredAt: new Date(Date.now() + 2 * 86_400_000).toISOString() });
  const dry = await api('POST', '/v1/transactions?dryRun=true', tomorrow);
  assert.equal(dry.json().points, 160, 'a purchase made after the start gets the campaign');
  await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'end' });
});

test('invalid rule documents get field-level problems and nothing is saved', async () => {
  const before = await countRows(ctx.db, 'campaigns');
  const cases: [object, string][] = [
    [{ name: 'X', rules: [] }, '/rules'],
    [{ name: 'X', rules: [{ ...springShoes.rules[0], trigger: { type: 'sometimes' } }] }, '/rules/0/trigger'],
    [
      {
        name: 'X',
        rules: [
          {
            ...springShoes.rules[0],
            when: { kind: 'all', conditions: [{ kind: 'member_tenure', op: 'gte', days: 'ten' }] },
          },
        ],
      },
      '/rules/0/when/conditions/0/days',
    ],
    [
      { name: 'X', rules: [{ ...springShoes.rules[0], effects: [{ kind: 'points_fixed' }] }] },
      '/rules/0/effects/0',
    ],
    [{ name: 'X', rules: [springShoes.rules[0], springShoes.rules[0]] }, '/rules/1/key'],
    [
      {
        name: 'X',
        rules: [{ ...springShoes.rules[0], effects: [{ kind: 'points_fixed', points: 5, wallet: 'miles' }] }],
      },
      '/rules/0/effects/0/wallet',
    ],
    [
      { name: 'X', rules: [{ ...springShoes.rules[0], trigger: { type: 'event', eventType: 'nope' } }] },
      '/rules/0/trigger/eventType',
    ],
    [
      {
        name: 'X',
        rules: [
          { ...springShoes.rules[0], when: { kind: 'member_attribute', key: 'height', op: 'gt', value: 1 } },
        ],
      },
      '/rules/0/when/key',
    ],
    [
      {
        name: 'X',
        rules: [{ ...springShoes.rules[0], effects: [{ kind: 'set_attribute', key: 'vip', value: 'yes' }] }],
      },
      '/rules/0/effects/0/value',
    ],
    [
      {
        name: 'X',
        schedule: { start: '2026-02-01T00:00:00Z', end: '2026-01-01T00:00:00Z' },
        rules: springShoes.rules,
      },
      '/schedule/end',
    ],
  ];
  for (const [doc, field] of cases) {
    const res = await api('POST', '/v1/campaigns', { ...doc, publish: true });
    assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const fields = res.json().errors.map((e: { field: string }) => e.field);
    assert.ok(
      fields.some((f: string) => f.startsWith(field)),
      `${field} expected among ${fields.join(', ')}`,
    );
  }
  assert.equal(await countRows(ctx.db, 'campaigns'), before);
});

test('dry run writes nothing; asOf travels back before a campaign; a draft can be tried', async () => {
  const m = await member();
  const beforeCount = await countRows(ctx.db, 'transactions');
  const t0 = new Date();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const campaign = await publish({ ...springShoes, name: 'Time travel' });
  const body = purchase(m, [shoes]);
  const now = await api('POST', '/v1/transactions?dryRun=true', body);
  assert.equal(now.statusCode, 200, now.body);
  assert.equal(now.json().points, 160);
  const past = await api(
    'POST',
    `/v1/transactions?dryRun=true&asOf=${encodeURIComponent(t0.toISOString())}`,
    body,
  );
  assert.equal(past.json().points, 80, 'as of before publishing, only the base rule applied');
  await api('PUT', `/v1/campaigns/${campaign.id}`, {
    ...springShoes,
    name: 'Time travel',
    rules: [{ ...springShoes.rules[0], effects: [{ kind: 'points_fixed', points: 7 }] }],
  });
  const draft = await api('POST', `/v1/transactions?dryRun=true&draftCampaignId=${campaign.id}`, body);
  assert.equal(draft.json().points, 87);
  assert.equal(await countRows(ctx.db, 'transactions'), beforeCount);
  await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'end' });
});

test('explain lists every rule with why it did or did not apply', async () => {
  const campaign = await publish({
    name: 'VIP weekend',
    rules: [
      {
        key: 'vip',
        name: 'VIP bonus',
        trigger: { type: 'purchase' },
        when: { kind: 'member_attribute', key: 'vip', op: 'eq', value: true },
        effects: [{ kind: 'points_fixed', points: 50 }],
      },
      {
        key: 'gold',
        name: 'Gold bonus',
        trigger: { type: 'purchase' },
        when: { kind: 'member_tier', tiers: ['Gold'] },
        effects: [{ kind: 'points_fixed', points: 20 }],
      },
    ],
  });
  const m = await member();
  const res = await api('POST', `/v1/members/${m}/explain`, {
    activity: { type: 'purchase', lines: [shirt] },
  });
  assert.equal(res.statusCode, 200, res.body);
  const byKey = new Map(res.json().rules.map((r: { rule: { ruleKey: string } }) => [r.rule.ruleKey, r]));
  const vip = byKey.get('vip') as { applied: boolean; reasons: string[] };
  assert.equal(vip.applied, false);
  assert.match(vip.reasons.join(' '), /requires attribute vip is true; it is not set/);
  const gold = byKey.get('gold') as { applied: boolean; reasons: string[] };
  assert.match(gold.reasons.join(' '), /requires tier Gold; member is none/);
  const base = byKey.get('base') as { applied: boolean; points: number };
  assert.deepEqual([base.applied, base.points], [true, 20]);
  const vipMember = await member({ attributes: { vip: true } });
  const yes = await api('POST', `/v1/members/${vipMember}/explain`, {
    activity: { type: 'purchase', lines: [shirt] },
  });
  assert.equal(yes.json().points, 70);
  await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'end' });
});

test('changing the earn rate in the policy publishes the next version of the default rule', async () => {
  const program = ctx.a.program.id;
  const policy = (await api('GET', `/v1/programs/${program}/ledger-policy`)).json();
  const res = await api('PUT', `/v1/programs/${program}/ledger-policy`, { ...policy, earnPoints: 3 });
  assert.equal(res.statusCode, 200, res.body);
  const m = await member();
  const tx = (await api('POST', '/v1/transactions', purchase(m, [shirt]))).json();
  assert.equal(tx.points.awarded, 60);
  assert.match(tx.effects[0].explanation, /3 points per €1\.00 on €20\.00 — Base earn v2/);
  const list = (await api('GET', '/v1/campaigns')).json().items;
  assert.equal(list[0].kind, 'base');
  await api('PUT', `/v1/programs/${program}/ledger-policy`, policy);
  assert.deepEqual(await verifyLedger(ctx.db), []);
});

test('a return triggers return rules in the same transaction', async () => {
  const campaign = await publish({
    name: 'Returns watch',
    rules: [
      {
        key: 'returner',
        name: 'Tag big returns',
        trigger: { type: 'return' },
        when: { kind: 'activity', field: 'total', op: 'gte', value: 5000 },
        effects: [{ kind: 'tag_member', tag: 'big-returner' }],
      },
    ],
  });
  const m = await member();
  const tx = (await api('POST', '/v1/transactions', purchase(m, [shoes, shirt]))).json();
  const small = await api('POST', `/v1/transactions/${tx.id}/returns`, {
    externalId: `RET-${tx.id}-1`,
    items: [{ sku: 'SHIRT-1', quantity: 1 }],
  });
  assert.equal(small.statusCode, 201, small.body);
  assert.deepEqual((await api('GET', `/v1/members/${m}`)).json().tags, []);
  const big = await api('POST', `/v1/transactions/${tx.id}/returns`, {
    externalId: `RET-${tx.id}-2`,
    items: [{ sku: 'SHOE-1', quantity: 1 }],
  });
  assert.equal(big.statusCode, 201, big.body);
  assert.deepEqual((await api('GET', `/v1/members/${m}`)).json().tags, ['big-returner']);
  await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'end' });
});

test('a coupon issued by a purchase rule shows its code in the purchase, as returned and as stored', async () => {
  const campaign = await publish({
    name: 'Big basket coupon',
    rules: [
      {
        key: 'coupon',
        name: 'Coupon over €50',
        trigger: { type: 'purchase' },
        when: { kind: 'activity', field: 'total', op: 'gte', value: 5000 },
        effects: [
          {
            kind: 'issue_coupon',
            name: '€5 next time',
            discount: { type: 'amount', value: 500 },
            validDays: 30,
          },
        ],
      },
    ],
  });
  const m = await member();
  const res = await api('POST', '/v1/transactions', purchase(m, [shoes]));
  assert.equal(res.statusCode, 201, res.body);
  const issued = res.json().effects.find((e: { kind: string }) => e.kind === 'issue_coupon');
  assert.match(issued.detail.code, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  const stored = (await api('GET', `/v1/transactions/${res.json().id}`)).json();
  assert.equal(
    stored.effects.find((e: { kind: string }) => e.kind === 'issue_coupon').detail.code,
    issued.detail.code,
  );
  await api('POST', `/v1/campaigns/${campaign.id}/status`, { action: 'end' });
});
