import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { runJobsTick } from '../src/maintenance.js';
import { refreshProgramMetrics } from '../src/modules/analytics/metrics/refresh-metrics.js';
import { sweepChangedMembers } from '../src/modules/segments/recompute.js';
import { fireSegmentTriggers } from '../src/modules/segments/segment-triggers.js';
import type { Program } from '../src/modules/tenants/programs.repository.js';
import { countRows, createTestContext, type TestContext } from './helpers/context.js';
import { segmentFixtures } from './helpers/segments.js';

/**
 * Segment membership over time: recomputes after metrics refreshes and member changes, the outbox events of members
 * entering and leaving, `segment_entered` / `segment_left` rules, and segments in campaign conditions and audiences.
 * The default earn rule gives 1 point per €1.
 */
let ctx: TestContext;
const f = segmentFixtures(() => ctx);
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const silent = { info: () => undefined, error: () => undefined };
const balance = async (m: string) =>
  (await f.api('GET', `/v1/members/${m}/balance`)).json().wallets[0]?.balance ?? 0;

async function segmentEvents(p: Program) {
  const rows = await ctx.db
    .selectFrom('outbox')
    .select(['type', 'payload'])
    .where('program_id', '=', p.id)
    .where('type', 'like', 'segment.%')
    .orderBy('id')
    .execute();
  return rows.map((r) => `${r.type}:${(r.payload as { memberId: string }).memberId}`);
}

async function campaign(p: Program, body: object) {
  const res = await f.api('POST', '/v1/campaigns', {
    programId: p.id,
    name: 'Segments',
    publish: true,
    ...body,
  });
  assert.equal(res.statusCode, 201, res.body);
}

test('each metrics refresh recomputes dynamic segments: entered and left counts and outbox events', async () => {
  const p = await f.program();
  const a = await f.member(p);
  const b = await f.member(p);
  const big = { kind: 'metric', metric: 'monetary', op: 'gte', value: 10000 };
  const seg = await f.segment(p, { code: 'big-spenders', kind: 'dynamic', condition: big });
  assert.equal(seg.size, 0);
  await f.buy(p, a, 3, 12000);
  const small = await f.buy(p, b, 2, 4000);
  await refreshProgramMetrics(ctx.db, p, f.NOW);
  assert.deepEqual(await f.memberIdsOf(seg.id), [a]);
  assert.deepEqual(await segmentEvents(p), [`segment.entered:${a}`]);
  // B buys €70 more (€110 in all): in. A returns half of the €120: €60, out.
  await f.buy(p, b, 1, 7000);
  const [aTx] = await ctx.db.selectFrom('transactions').select('id').where('member_id', '=', a).execute();
  assert.ok(aTx && small.id);
  const ret = await f.api('POST', `/v1/transactions/${aTx.id}/returns`, { externalId: 'R-A', amount: 6000 });
  assert.equal(ret.statusCode, 201, ret.body);
  await refreshProgramMetrics(ctx.db, p, f.NOW);
  assert.deepEqual(await f.memberIdsOf(seg.id), [b]);
  const events = await segmentEvents(p);
  assert.deepEqual(events.slice(1).sort(), [`segment.entered:${b}`, `segment.left:${a}`].sort());
  const payload = (
    await ctx.db
      .selectFrom('outbox')
      .select('payload')
      .where('type', '=', 'segment.left')
      .where('program_id', '=', p.id)
      .executeTakeFirstOrThrow()
  ).payload;
  assert.deepEqual(payload, {
    memberId: a,
    segmentId: seg.id,
    segment: 'big-spenders',
    at: f.NOW.toISOString(),
  });
  // Nothing changed since: a recompute moves nobody.
  const again = await f.api('POST', `/v1/segments/${seg.id}/recompute`);
  assert.equal(again.statusCode, 200, again.body);
  const { entered, left, size } = again.json() as { entered: number; left: number; size: number };
  assert.deepEqual({ entered, left, size }, { entered: 0, left: 0, size: 1 });
});

test('segment_entered and segment_left rules fire once per change, from the queue the recompute filled', async () => {
  const p = await f.program();
  const a = await f.member(p);
  const b = await f.member(p);
  await campaign(p, {
    rules: [
      {
        key: 'welcome-vip',
        name: 'Welcome to VIP',
        trigger: { type: 'segment_entered', segments: ['vip'] },
        effects: [{ kind: 'points_fixed', points: 100 }],
      },
      {
        key: 'bye-vip',
        name: 'Left VIP',
        trigger: { type: 'segment_left', segments: ['vip'] },
        effects: [{ kind: 'tag_member', tag: 'former-vip' }],
      },
      {
        key: 'other',
        name: 'Other segment',
        trigger: { type: 'segment_entered', segments: ['other'] },
        effects: [{ kind: 'points_fixed', points: 7 }],
      },
    ],
  });
  const vip = await f.segment(p, { code: 'vip', kind: 'static' });
  await f.api('POST', `/v1/segments/${vip.id}/members`, { memberIds: [a, b] });
  // The changes are queued with the membership; the rules run from the queue (the minute sweep job).
  assert.equal(await balance(a), 0);
  const run = await fireSegmentTriggers(ctx.db, p);
  assert.deepEqual({ ...run, errors: [] }, { fired: 2, applied: 2, failed: 0, errors: [] });
  assert.equal(await balance(a), 100);
  assert.equal(await balance(b), 100);
  assert.equal((await fireSegmentTriggers(ctx.db, p)).fired, 0, 'each change fires once');
  assert.equal(await balance(a), 100);

  assert.equal((await f.api('DELETE', `/v1/segments/${vip.id}/members/${a}`)).statusCode, 204);
  await fireSegmentTriggers(ctx.db, p);
  const tags = (await f.api('GET', `/v1/members/${a}`)).json().tags;
  assert.deepEqual(tags, ['former-vip']);
  assert.equal(await countRows(ctx.db, 'segment_changes'), 0);
});

test('a campaign rule with a member_segment condition applies only to members in the segment', async () => {
  const p = await f.program();
  const inside = await f.member(p);
  const outside = await f.member(p);
  const gold = await f.segment(p, { code: 'gold-list', kind: 'static' });
  await f.api('POST', `/v1/segments/${gold.id}/members`, { memberIds: [inside] });
  await campaign(p, {
    rules: [
      {
        key: 'gold-bonus',
        name: 'Gold list bonus',
        trigger: { type: 'purchase' },
        when: { kind: 'member_segment', segments: ['gold-list'], match: 'any' },
        effects: [{ kind: 'points_fixed', points: 50 }],
      },
    ],
  });
  // €10 purchase: 10 base points, plus 50 for members of the segment.
  assert.equal((await f.buy(p, inside, 0, 1000)).points.awarded, 60);
  assert.equal((await f.buy(p, outside, 0, 1000)).points.awarded, 10);
  await campaign(p, {
    name: 'Audience',
    audience: { type: 'segments', segments: ['gold-list'] },
    rules: [
      {
        key: 'aud',
        name: 'Audience bonus',
        trigger: { type: 'purchase' },
        effects: [{ kind: 'points_fixed', points: 5 }],
      },
    ],
  });
  assert.equal((await f.buy(p, inside, 0, 1000)).points.awarded, 65);
  assert.equal((await f.buy(p, outside, 0, 1000)).points.awarded, 10);
});

test('member changes move the member: a profile update at once, tags from rules by the sweep job', async () => {
  const p = await f.program([{ key: 'vip', type: 'boolean' }]);
  const m = await f.member(p);
  const vip = await f.segment(p, {
    code: 'vips',
    kind: 'dynamic',
    condition: { kind: 'attribute', key: 'vip', op: 'eq', value: true },
  });
  const buyers = await f.segment(p, {
    code: 'tagged-buyers',
    kind: 'dynamic',
    condition: { kind: 'tag', tags: ['buyer'], match: 'any' },
  });
  await f.api('PATCH', `/v1/members/${m}`, { attributes: { vip: true } });
  assert.deepEqual(await f.memberIdsOf(vip.id), [m], 'the update moved the member in its own transaction');
  await f.api('PATCH', `/v1/members/${m}`, { attributes: { vip: false } });
  assert.deepEqual(await f.memberIdsOf(vip.id), []);
  assert.equal((await f.api('GET', `/v1/segments/${vip.id}`)).json().size, 0);

  await campaign(p, {
    rules: [
      {
        key: 'tag',
        name: 'Tag buyers',
        trigger: { type: 'purchase' },
        effects: [{ kind: 'tag_member', tag: 'buyer' }],
      },
    ],
  });
  await f.buy(p, m, 0, 1000);
  assert.deepEqual(await f.memberIdsOf(buyers.id), []);
  const sweep = await sweepChangedMembers(ctx.db, p, new Date());
  assert.equal(sweep.entered, 1);
  assert.deepEqual(await f.memberIdsOf(buyers.id), [m]);
  // A second sweep looks at the member again (the overlap) and moves nothing.
  assert.equal((await sweepChangedMembers(ctx.db, p, new Date())).entered, 0);

  // The job runner schedules the sweep every minute and the full recompute every hour.
  await runJobsTick(ctx.db, silent, 'test');
  const kinds = await ctx.db
    .selectFrom('jobs')
    .select(['kind', 'status'])
    .where('kind', 'like', 'segments.%')
    .where('dedupe_key', 'like', `${p.id}:%`)
    .execute();
  assert.deepEqual(kinds.map((k) => `${k.kind}:${k.status}`).sort(), [
    'segments.recompute:done',
    'segments.sweep:done',
  ]);
});
