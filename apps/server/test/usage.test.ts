import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { purgePastUsage } from '../src/modules/engine/usage.repository.js';
import { createTestContext, type TestContext } from './helpers/context.js';

/** Limit usage of periods long over is purged; current periods, years, lifetimes and total budgets are kept. */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

test('housekeeping purges usage of past days, weeks and months only', async () => {
  const now = new Date('2026-11-23T12:00:00Z');
  const p = 'rule:c:r:m:';
  const keys = [
    `${p}d:2026-11-10`,
    `${p}d:2026-11-22`,
    `${p}w:2026-W40`,
    `${p}w:2026-W48`,
    `${p}m:2026-08`,
    `${p}m:2026-11`,
    `${p}y:2020`,
    `${p}life`,
    'budget:c:life',
    'budget:c:d:2025-01-01',
  ];
  await ctx.db
    .insertInto('rule_usage')
    .values(keys.map((key) => ({ program_id: ctx.a.program.id, key })))
    .execute();
  assert.equal(await purgePastUsage(ctx.db, now), 4);
  const left = (await ctx.db.selectFrom('rule_usage').select('key').orderBy('key').execute()).map(
    (r) => r.key,
  );
  assert.deepEqual(left, [
    'budget:c:life',
    `${p}d:2026-11-22`,
    `${p}life`,
    `${p}m:2026-11`,
    `${p}w:2026-W48`,
    `${p}y:2020`,
  ]);
});
