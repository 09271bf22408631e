import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HistoryFileError } from '../src/modules/imports/history-sources.js';
import { importHistory } from '../src/modules/imports/import-history.js';
import { getProgram } from '../src/modules/tenants/programs.service.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';
import { sharedData } from './helpers/shared-data.js';

/**
 * History import: CDNOW, Complete Journey and generic CSV files stream into a program as purchases of imported
 * members, earn nothing, and a re-run imports nothing twice.
 */
let ctx: TestContext;
let dir: string;
const DATA = sharedData();
before(async () => {
  ctx = await createTestContext();
  dir = mkdtempSync(join(tmpdir(), 'tessera-import-'));
});
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await ctx.close();
});

async function program(slug: string, timezone = 'America/New_York') {
  const res = await call(ctx.app, ctx.a.key, 'POST', '/v1/programs', {
    slug,
    name: slug,
    currency: 'USD',
    timezone,
  });
  assert.equal(res.statusCode, 201, res.body);
  return getProgram(ctx.db, ctx.a.tenantId, res.json().id);
}

test('a CDNOW file imports one purchase per row; members are dated by their first purchase; a re-run adds nothing', async () => {
  const p = await program('cdnow-import');
  const lines = readFileSync(join(DATA, 'cdnow', 'CDNOW_sample.txt'), 'utf8')
    .split('\r\n')
    .slice(0, 300);
  const file = join(dir, 'cdnow.txt');
  writeFileSync(file, lines.join('\r\n'));
  const progress: number[] = [];
  const first = await importHistory(ctx.db, p, {
    path: file,
    format: 'cdnow',
    onProgress: (n) => progress.push(n),
  });
  assert.equal(first.rows, 300);
  assert.equal(first.imported + (first.skipped['zero or negative amount'] ?? 0), 300);
  assert.equal(first.purchasesCreated, first.imported);
  assert.ok(progress.length >= 1 && progress.at(-1) === 300);
  // A customer whose only rows are $0.00 has nothing to import and gets no member.
  const customers = new Set(
    lines
      .map((l) => l.trim().split(/\s+/))
      .filter((f) => Number(f[4]) > 0)
      .map((f) => f[0]),
  );
  assert.equal(first.membersCreated, customers.size);
  // Customer 00004 first bought on 1997-01-01 and spent 29.33 + 29.73 + 14.96 + 26.48 over four purchases.
  const owner = await call(
    ctx.app,
    ctx.a.key,
    'GET',
    `/v1/members/lookup?type=external&value=cdnow:00004&programId=${p.id}`,
  );
  assert.equal(owner.statusCode, 200, owner.body);
  const member = owner.json();
  assert.equal(member.createdAt.slice(0, 10), '1997-01-01');
  const txs = await ctx.db
    .selectFrom('transactions')
    .select(['total', 'points_awarded'])
    .where('member_id', '=', member.id)
    .execute();
  assert.deepEqual(
    txs.map((t) => Number(t.total)).sort((a, b) => a - b),
    [1496, 2648, 2933, 2973],
  );
  assert.ok(txs.every((t) => Number(t.points_awarded) === 0));

  const again = await importHistory(ctx.db, p, { path: file, format: 'cdnow' });
  assert.equal(again.imported, 0);
  assert.equal(again.alreadyImported, first.imported);
  assert.equal(again.membersCreated, 0);
});

test('Complete Journey lines group into baskets with categories from products.csv', async () => {
  const p = await program('cj-import');
  const rows = readFileSync(join(DATA, 'completejourney', 'transactions_sample.csv'), 'utf8').split('\n');
  const header = rows[0] ?? '';
  // Two lines of one basket and one of another, plus a zero-value line.
  const wanted = ['"31625220889"', '"32053127496"'];
  const picked = rows.filter((r) => wanted.some((b) => r.includes(b))).slice(0, 3);
  const cjDir = mkdtempSync(join(dir, 'cj-'));
  const file = join(cjDir, 'transactions.csv');
  writeFileSync(
    file,
    [header, ...picked, '"9","1","999","25671",1,0,0,0,0,1,"2017-01-02 10:00:00"'].join('\n'),
  );
  writeFileSync(join(cjDir, 'products.csv'), readFileSync(join(DATA, 'completejourney', 'products.csv')));
  const result = await importHistory(ctx.db, p, { path: file, format: 'completejourney' });
  assert.equal(result.imported, picked.length);
  assert.equal(result.skipped['zero or negative quantity or amount'], 1);
  const baskets = new Set(picked.map((r) => r.split(',')[2]));
  assert.equal(result.purchasesCreated, baskets.size);
  assert.equal(result.linesAppended, picked.length - baskets.size);
  const lines = await ctx.db
    .selectFrom('transaction_lines')
    .innerJoin('transactions', 'transactions.id', 'transaction_lines.transaction_id')
    .select(['transaction_lines.category', 'transaction_lines.net'])
    .where('transactions.program_id', '=', p.id)
    .execute();
  assert.ok(lines.every((l) => l.category !== null));
  // sales_value 3.86 is what the household paid for product 940996 (net of its 0.43 card discount).
  assert.ok(lines.some((l) => Number(l.net) === 386));
  const again = await importHistory(ctx.db, p, { path: file, format: 'completejourney' });
  assert.equal(again.imported, 0);
});

test('a generic CSV needs customer, date and amount; a malformed row stops with its line number', async () => {
  const p = await program('csv-import', 'Europe/Berlin');
  const file = join(dir, 'orders.csv');
  writeFileSync(
    file,
    'customer_id,date,amount,order_id,category\nA1,2026-01-05,12.50,O-1,shoes\nA1,2026-02-01,7.25,O-2,socks\nB2,2026-02-03,40,O-3,coats\n',
  );
  const result = await importHistory(ctx.db, p, { path: file, format: 'csv' });
  assert.deepEqual([result.imported, result.purchasesCreated, result.membersCreated], [3, 3, 2]);
  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'customer_id,date,amount\nA1,2026-01-05,12.50\nA2,someday,3\n');
  const before = await countRows(ctx.db, 'transactions');
  await assert.rejects(
    importHistory(ctx.db, p, { path: bad, format: 'csv' }),
    (e: Error) => e instanceof HistoryFileError && /line 3/.test(e.message),
  );
  assert.equal(await countRows(ctx.db, 'transactions'), before);
  const noAmount = join(dir, 'no-amount.csv');
  writeFileSync(noAmount, 'customer_id,date\nA1,2026-01-05\n');
  await assert.rejects(importHistory(ctx.db, p, { path: noAmount, format: 'csv' }), /amount are required/);
});
