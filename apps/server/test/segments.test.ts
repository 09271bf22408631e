import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { recomputeSegment } from '../src/modules/segments/recompute.js';
import { findSegment } from '../src/modules/segments/segments.repository.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';
import { segmentFixtures } from './helpers/segments.js';

/** The segments API: definitions, validation, live counts, static uploads, export, sizes over time. */
let ctx: TestContext;
const f = segmentFixtures(() => ctx);
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const bigFeet = { kind: 'attribute', key: 'shoeSize', op: 'gte', value: 44 };
const SCHEMA = [{ key: 'shoeSize', type: 'integer' }];

test('a dynamic segment is computed at creation, follows a new condition, and can be deleted', async () => {
  const p = await f.program(SCHEMA);
  const a = await f.member(p, { attributes: { shoeSize: 45 } });
  const b = await f.member(p, { attributes: { shoeSize: 41 } });
  const seg = await f.segment(p, { code: 'big-feet', kind: 'dynamic', condition: bigFeet });
  assert.equal(seg.size, 1);
  assert.deepEqual(await f.memberIdsOf(seg.id), [a]);
  const put = await f.api('PUT', `/v1/segments/${seg.id}`, {
    name: 'Feet 40+',
    condition: { ...bigFeet, value: 40 },
  });
  assert.equal(put.statusCode, 200, put.body);
  assert.equal(put.json().size, 2);
  assert.equal(put.json().code, 'big-feet');
  assert.deepEqual(await f.memberIdsOf(seg.id), [a, b].sort());
  const list = await f.api('GET', `/v1/segments?programId=${p.id}`);
  assert.deepEqual(
    list.json().items.map((s: { code: string; size: number }) => [s.code, s.size]),
    [['big-feet', 2]],
  );
  const mine = (await f.api('GET', `/v1/members/${a}/segments`)).json().items;
  assert.deepEqual(
    mine.map((s: { code: string }) => s.code),
    ['big-feet'],
  );
  // Another tenant sees nothing.
  assert.equal((await call(ctx.app, ctx.b.key, 'GET', `/v1/segments/${seg.id}`)).statusCode, 404);
  assert.equal((await f.api('DELETE', `/v1/segments/${seg.id}`)).statusCode, 204);
  assert.equal((await f.api('GET', `/v1/segments/${seg.id}`)).statusCode, 404);
  assert.deepEqual((await f.api('GET', `/v1/members/${a}/segments`)).json().items, []);
});

test('invalid segments are refused with field pointers and write nothing', async () => {
  const p = await f.program(SCHEMA);
  await f.member(p, { attributes: { shoeSize: 45 } });
  await f.segment(p, { code: 'taken', kind: 'static' });
  const before = await Promise.all([countRows(ctx.db, 'segments'), countRows(ctx.db, 'segment_members')]);
  const cases: [object, number, string, string][] = [
    [{ code: 'x', kind: 'dynamic' }, 400, '/condition', 'required'],
    [{ code: 'x', kind: 'static', condition: bigFeet }, 400, '/condition', 'not_allowed'],
    [
      {
        code: 'x',
        kind: 'dynamic',
        condition: { kind: 'all', conditions: [bigFeet, { ...bigFeet, key: 'hat' }] },
      },
      400,
      '/condition/conditions/1/key',
      'unknown_attribute',
    ],
    [{ code: 'x', kind: 'dynamic', condition: { ...bigFeet, value: '44' } }, 400, '/condition/value', 'type'],
    [{ code: 'x', kind: 'dynamic', condition: { ...bigFeet, op: 'in' } }, 400, '/condition/value', 'type'],
    [{ code: 'x', kind: 'dynamic', condition: { kind: 'rfm' } }, 400, '/condition', 'required'],
    [
      { code: 'x', kind: 'dynamic', condition: { kind: 'rfm', r: { min: 4, max: 2 } } },
      400,
      '/condition/r/max',
      'range',
    ],
    [
      { code: 'x', kind: 'dynamic', condition: { kind: 'metric', metric: 'height', op: 'gt', value: 1 } },
      400,
      '/condition/metric',
      'enum',
    ],
    [{ code: 'Bad Code', kind: 'static' }, 400, '/code', 'pattern'],
    [{ code: 'taken', kind: 'static' }, 409, '/code', 'taken'],
  ];
  for (const [body, status, field, code] of cases) {
    const res = await f.api('POST', '/v1/segments', { programId: p.id, name: 'X', ...body });
    assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
    const errors = res.json().errors as { field: string; code: string }[];
    assert.ok(
      errors.some((e) => e.field === field && e.code === code),
      `${JSON.stringify(body)} → ${JSON.stringify(errors)}`,
    );
  }
  const preview = await f.api('POST', '/v1/segments/preview', {
    programId: p.id,
    condition: { kind: 'rfm' },
  });
  assert.equal(preview.statusCode, 400);
  assert.deepEqual(
    await Promise.all([countRows(ctx.db, 'segments'), countRows(ctx.db, 'segment_members')]),
    before,
  );
});

test('preview counts the members a condition selects without saving anything', async () => {
  const p = await f.program(SCHEMA);
  for (const size of [38, 44, 46, 47]) await f.member(p, { attributes: { shoeSize: size } });
  const before = await countRows(ctx.db, 'segments');
  const res = await f.api('POST', '/v1/segments/preview', { programId: p.id, condition: bigFeet });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().members, 3);
  assert.equal(res.json().metricsComputedAt, null);
  const none = await f.api('POST', '/v1/segments/preview', {
    programId: p.id,
    condition: { kind: 'not', condition: { kind: 'attribute', key: 'shoeSize', op: 'exists' } },
  });
  assert.equal(none.json().members, 0);
  assert.equal(await countRows(ctx.db, 'segments'), before);
});

test('a static CSV upload is all or nothing, naming the unknown rows', async () => {
  const p = await f.program();
  const a = await f.member(p, { email: 'a@example.com' });
  const b = await f.member(p, { email: 'b@example.com' });
  const c = await f.member(p, { email: 'c@example.com' });
  const seg = await f.segment(p, { code: 'vip', kind: 'static' });
  const before = await Promise.all([countRows(ctx.db, 'segment_members'), countRows(ctx.db, 'outbox')]);
  const bad = await f.api('POST', `/v1/segments/${seg.id}/members`, {
    csv: 'Email\na@example.com\nnobody@example.com\n\nnot-an-email\nB@example.com\n',
  });
  assert.equal(bad.statusCode, 400, bad.body);
  assert.deepEqual(
    bad.json().errors.map((e: { field: string; code: string }) => [e.field, e.code]),
    [
      ['/csv/3', 'unknown_member'],
      ['/csv/5', 'unknown_member'],
    ],
  );
  assert.match(bad.json().errors[0].message, /line 3: no member with email nobody@example.com/);
  assert.deepEqual(
    await Promise.all([countRows(ctx.db, 'segment_members'), countRows(ctx.db, 'outbox')]),
    before,
  );

  const ok = await f.api('POST', `/v1/segments/${seg.id}/members`, {
    csv: 'email\na@example.com\nB@example.com\n',
  });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(ok.json(), { added: 2, alreadyMembers: 0, size: 2 });
  const again = await f.api('POST', `/v1/segments/${seg.id}/members`, { csv: `member_id\n${b}\n${c}\n` });
  assert.deepEqual(again.json(), { added: 1, alreadyMembers: 1, size: 3 });
  assert.deepEqual(await f.memberIdsOf(seg.id), [a, b, c].sort());

  const ids = await f.api('POST', `/v1/segments/${seg.id}/members`, { memberIds: [a, ctx.a.program.id] });
  assert.equal(ids.statusCode, 400);
  assert.equal(ids.json().errors[0].field, '/memberIds/1');
  const header = await f.api('POST', `/v1/segments/${seg.id}/members`, { csv: 'name\nAnn\n' });
  assert.equal(header.json().errors[0].code, 'header');
  const both = await f.api('POST', `/v1/segments/${seg.id}/members`, { memberIds: [a], csv: 'member_id\n' });
  assert.equal(both.statusCode, 400);

  assert.equal((await f.api('DELETE', `/v1/segments/${seg.id}/members/${c}`)).statusCode, 204);
  assert.equal((await f.api('DELETE', `/v1/segments/${seg.id}/members/${c}`)).statusCode, 404);
  assert.equal((await f.api('GET', `/v1/segments/${seg.id}`)).json().size, 2);
  const dynamic = await f.segment(p, {
    code: 'dyn',
    kind: 'dynamic',
    condition: { kind: 'tag', tags: ['x'], match: 'any' },
  });
  const refused = await f.api('POST', `/v1/segments/${dynamic.id}/members`, { memberIds: [a] });
  assert.equal(refused.statusCode, 409);
  assert.equal(refused.json().code, 'segment_not_static');
});

test('members export as CSV and page through the API', async () => {
  const p = await f.program();
  const ids = [
    await f.member(p, { firstName: 'Ann', lastName: 'Lee', email: 'ann@example.com' }),
    await f.member(p, { firstName: 'Bo, Jr.', phone: '+4915112345679' }),
    await f.member(p, { firstName: 'Cy' }),
  ];
  const seg = await f.segment(p, { code: 'export-me', kind: 'static' });
  await f.api('POST', `/v1/segments/${seg.id}/members`, { memberIds: ids.slice(0, 2) });
  const res = await f.api('GET', `/v1/segments/${seg.id}/members.csv`);
  assert.equal(res.statusCode, 200, res.body);
  assert.match(res.headers['content-type'] as string, /^text\/csv/);
  const lines = res.body.trim().split('\n');
  assert.equal(lines[0], 'member_id,email,phone,first_name,last_name,since');
  const rows = lines.slice(1).map((l) => l.replace(/,[^,]+$/, ''));
  const expected = [`${ids[0]},ann@example.com,,Ann,Lee`, `${ids[1]},,+4915112345679,"Bo, Jr.",`].sort();
  assert.deepEqual(rows, expected);
  const page1 = (await f.api('GET', `/v1/segments/${seg.id}/members?limit=1`)).json();
  assert.equal(page1.items.length, 1);
  const page2 = (
    await f.api('GET', `/v1/segments/${seg.id}/members?limit=1&cursor=${page1.nextCursor}`)
  ).json();
  assert.equal(page2.items.length, 1);
  assert.equal(page2.nextCursor, null);
  assert.deepEqual([page1.items[0].memberId, page2.items[0].memberId], ids.slice(0, 2).sort());
});

test('sizes over time: one size per local day, the last of the day', async () => {
  const p = await f.program(SCHEMA);
  const a = await f.member(p, { attributes: { shoeSize: 45 } });
  const seg = await f.segment(p, { code: 'sized', kind: 'dynamic', condition: bigFeet });
  const segment = await findSegment(ctx.db, ctx.a.tenantId, seg.id);
  assert.ok(segment);
  const day = (iso: string) => new Date(iso);
  // 2030-03-01 23:30 UTC is March 2 in Berlin: the local day counts.
  await recomputeSegment(ctx.db, p, segment, day('2030-03-01T12:00:00Z'));
  await f.member(p, { attributes: { shoeSize: 46 } });
  await recomputeSegment(ctx.db, p, segment, day('2030-03-01T23:30:00Z'));
  await f.api('PATCH', `/v1/members/${a}`, { attributes: { shoeSize: 39 } });
  await recomputeSegment(ctx.db, p, segment, day('2030-03-03T09:00:00Z'));
  const sizes = await f.api('GET', `/v1/segments/${seg.id}/sizes?from=2030-03-01&to=2030-03-31`);
  assert.deepEqual(sizes.json().items, [
    { day: '2030-03-01', size: 1 },
    { day: '2030-03-02', size: 2 },
    { day: '2030-03-03', size: 1 },
  ]);
});
