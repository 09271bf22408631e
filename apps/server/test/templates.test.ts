import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { TEMPLATES } from '../src/modules/templates/registry.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/**
 * The template catalogue through the API and the CLI: listing, parameters with defaults and field errors, and a
 * created program that has everything its template configures, written in one transaction (a refusal leaves nothing).
 * Each template's mechanics are checked by its own scenario test (templates.<name>.test.ts).
 */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);

test('the catalogue lists every template with its mechanics and parameter schema', async () => {
  const list = await call(ctx.app, ctx.a.publishableKey, 'GET', '/v1/program-templates');
  assert.equal(list.statusCode, 200, list.body);
  const names = list.json().data.map((t: { name: string }) => t.name);
  assert.deepEqual(
    names,
    TEMPLATES.map((t) => t.name),
  );
  const one = await api('GET', '/v1/program-templates/amazon-prime');
  assert.equal(one.statusCode, 200, one.body);
  const body = one.json();
  assert.ok(body.mechanics.length > 0);
  assert.equal(body.params.properties.monthlyPrice.default, 1499);
  const missing = await api('GET', '/v1/program-templates/nope');
  assert.equal(missing.statusCode, 404);
});

test('creating from a template fills in defaults and reports what was made', async () => {
  const res = await api('POST', '/v1/programs/from-template', { template: 'amazon-prime', slug: 'prime' });
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json();
  assert.equal(body.program.name, 'Amazon Prime');
  assert.equal(body.program.currency, 'USD');
  assert.equal(body.params.trialDays, 30);
  assert.deepEqual(body.created.plans, [
    'prime-monthly',
    'prime-annual',
    'student-monthly',
    'student-annual',
    'access-monthly',
  ]);
  const plans = await api('GET', `/v1/programs/${body.program.id}/membership-plans`);
  const monthly = plans.json().data.find((p: { code: string }) => p.code === 'prime-monthly');
  assert.equal(monthly.price, 1499);
  assert.equal(monthly.trialDays, 30);
});

test('bad parameters, unknown templates and taken slugs are field errors and write nothing', async () => {
  const programs = await countRows(ctx.db, 'programs');
  const cases: [object, number, string][] = [
    [{ template: 'nope', slug: 'x1' }, 400, '/template'],
    [
      { template: 'amazon-prime', slug: 'x2', params: { monthlyPrice: 'cheap' } },
      400,
      '/params/monthlyPrice',
    ],
    [{ template: 'amazon-prime', slug: 'x3', params: { colour: 'red' } }, 400, '/params/colour'],
    [{ template: 'amazon-prime', slug: 'prime' }, 409, '/slug'],
  ];
  for (const [body, status, field] of cases) {
    const res = await api('POST', '/v1/programs/from-template', body);
    assert.equal(res.statusCode, status, res.body);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.ok(
      res.json().errors.some((e: { field: string }) => e.field === field),
      `${field} in ${res.body}`,
    );
  }
  assert.equal(await countRows(ctx.db, 'programs'), programs);
});

test('a parameter the program refuses rolls everything back', async () => {
  const programs = await countRows(ctx.db, 'programs');
  const plans = await countRows(ctx.db, 'membership_plans');
  const res = await api('POST', '/v1/programs/from-template', {
    template: 'amazon-prime',
    slug: 'prime-bad',
    params: { timezone: 'Mars/Olympus' },
  });
  assert.equal(res.statusCode, 400, res.body);
  assert.ok(
    res.json().errors.some((e: { field: string }) => e.field === '/timezone'),
    res.body,
  );
  assert.equal(await countRows(ctx.db, 'programs'), programs);
  assert.equal(await countRows(ctx.db, 'membership_plans'), plans);
});

const run = promisify(execFile);
const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'index.js');

test('the CLI lists the templates and creates a program from one', async () => {
  const listed = await run('node', [cli, 'programs', 'templates', '--json']);
  const templates = JSON.parse(listed.stdout) as { name: string; mechanics: string[]; params: object }[];
  assert.deepEqual(
    templates.map((t) => t.name),
    TEMPLATES.map((t) => t.name),
  );
  assert.ok(templates.every((t) => t.mechanics.length > 0 && 'properties' in t.params));
  const table = await run('node', [cli, 'programs', 'templates']);
  assert.match(table.stdout, /amazon-prime/);

  const dataDir = await mkdtemp(join(tmpdir(), 'tessera-templates-'));
  const env: NodeJS.ProcessEnv = { ...process.env, TESSERA_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  try {
    const made = await run(
      'node',
      [cli, 'programs', 'create', '--template', 'amazon-prime', '--param', 'monthlyPrice=1299', '--json'],
      { env },
    );
    const result = JSON.parse(made.stdout);
    assert.equal(result.program.slug, 'amazon-prime');
    assert.equal(result.params.monthlyPrice, 1299);
    assert.equal(result.params.trialDays, 30);
    await assert.rejects(
      run('node', [cli, 'programs', 'create', '--template', 'amazon-prime'], { env }),
      (error: { code: number; stderr: string }) =>
        error.code === 1 && /program_slug_taken/.test(error.stderr),
    );
    await assert.rejects(
      run('node', [cli, 'programs', 'create', '--template', 'amazon-prime', '--slug', 'p2', '--param', 'x'], {
        env,
      }),
      (error: { code: number; stderr: string }) => error.code === 1 && /name=value/.test(error.stderr),
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
