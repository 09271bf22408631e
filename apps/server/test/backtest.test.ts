import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { seedDemo } from '../src/demo/seed-demo.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/** Backtests replay the demo history: live rules reproduce what was actually issued; a draft shows its difference. */
let ctx: TestContext;
let key: string;
let programId: string;
before(async () => {
  ctx = await createTestContext();
  const demo = await seedDemo(ctx.db, { members: 60 });
  assert.ok(demo.activities > 100, `demo history has ${demo.activities} activities`);
  key = demo.apiKey;
  programId = demo.programId;
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, key, method, url, body);
const window = {
  from: new Date(Date.now() - 400 * 86_400_000).toISOString(),
  to: new Date(Date.now() + 60_000).toISOString(),
};

async function issued(): Promise<number> {
  const r = await sql<{ n: string }>`
    SELECT (SELECT coalesce(sum(points_awarded), 0) FROM transactions WHERE program_id = ${programId})
         + (SELECT coalesce(sum(points_awarded), 0) FROM events WHERE program_id = ${programId}) AS n`.execute(
    ctx.db,
  );
  return Number(r.rows[0]?.n);
}

async function campaignNamed(name: string) {
  const items = (await api('GET', '/v1/campaigns')).json().items as {
    id: string;
    name: string;
    draft: object;
  }[];
  const found = items.find((c) => c.name === name);
  assert.ok(found, `campaign ${name}`);
  return found;
}

test('a backtest of the live rules over the demo history returns exactly the points the rules issued', async () => {
  const shoes = await campaignNamed('Shoe season');
  const res = await api('POST', `/v1/campaigns/${shoes.id}/backtest`, window);
  assert.equal(res.statusCode, 200, res.body);
  const report = res.json();
  assert.ok(report.purchases > 50);
  assert.ok(report.events > 0);
  assert.equal(report.live.points, await issued());
  assert.equal(report.draft.points, report.live.points, 'an unchanged draft changes nothing');
  assert.deepEqual(report.biggestChanges, []);
  const byCampaign = new Map(
    report.live.byCampaign.map((c: { name: string; points: number }) => [c.name, c.points]),
  );
  const welcome = await sql<{ n: string }>`
    SELECT coalesce(sum(e.amount), 0) AS n FROM ledger_entries e
    JOIN campaign_versions v ON v.id = e.campaign_version_id JOIN campaigns c ON c.id = v.campaign_id
    WHERE c.name = 'Welcome' AND c.program_id = ${programId} AND e.amount > 0`.execute(ctx.db);
  assert.equal(byCampaign.get('Welcome'), Number(welcome.rows[0]?.n));
  assert.equal(report.live.cost.minor, report.live.points, 'one Stern is worth one cent');
  assert.deepEqual(await verifyLedger(ctx.db), []);
});

test('a draft with a bigger multiplier shows its cost and the members it changes most, before publishing', async () => {
  const shoes = await campaignNamed('Shoe season');
  const draft = structuredClone(shoes.draft) as {
    rules: { effects: { factor: number }[]; limits?: unknown }[];
  };
  const rule = draft.rules[0];
  assert.ok(rule?.effects[0]);
  rule.effects[0].factor = 3;
  delete rule.limits;
  const saved = await api('PUT', `/v1/campaigns/${shoes.id}`, draft);
  assert.equal(saved.statusCode, 200, saved.body);
  const report = (await api('POST', `/v1/campaigns/${shoes.id}/backtest`, window)).json();
  assert.equal(report.live.points, await issued(), 'the live side still matches what was issued');
  assert.ok(report.draft.points > report.live.points);
  assert.equal(report.difference.points, report.draft.points - report.live.points);
  assert.ok(report.biggestChanges.length > 0);
  const top = report.biggestChanges[0];
  assert.equal(top.difference, top.draft - top.live);
  assert.ok(top.difference > 0);
  const live = await api('POST', `/v1/campaigns/${shoes.id}/backtest`, { from: window.to, to: window.from });
  assert.equal(live.statusCode, 400);
});
