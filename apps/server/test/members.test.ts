import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { MemberDto } from '../src/modules/members/members.schemas.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

const enrol = (body: object, key = ctx.a.key) => call(ctx.app, key, 'POST', '/v1/members', body);
const get = (id: string, key = ctx.a.key) => call(ctx.app, key, 'GET', `/v1/members/${id}`);
const patch = (id: string, body: object) => call(ctx.app, ctx.a.key, 'PATCH', `/v1/members/${id}`, body);
const remove = (id: string) => call(ctx.app, ctx.a.key, 'DELETE', `/v1/members/${id}`);
const lookup = (type: string, value: string) =>
  call(ctx.app, ctx.a.key, 'GET', `/v1/members/lookup?type=${type}&value=${encodeURIComponent(value)}`);

type Res = Awaited<ReturnType<typeof call>>;
function assertProblem(res: Res, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.equal(res.json().code, code);
}
const identityRows = (memberId: string) =>
  ctx.db.selectFrom('member_identities').select('value').where('member_id', '=', memberId).execute();

async function patchOk(id: string, body: object): Promise<MemberDto> {
  const res = await patch(id, body);
  assert.equal(res.statusCode, 200, res.body);
  return res.json<MemberDto>();
}

async function enrolOk(body: object): Promise<MemberDto> {
  const res = await enrol(body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json<MemberDto>();
}

const fullProfile = {
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'Jane.Doe@Example.COM',
  phone: '030 12345678',
  birthDate: '1990-04-12',
  locale: 'en-gb',
  address: { line1: 'Hauptstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  attributes: { shoeSize: 42, favouriteColour: 'green', vip: true },
  consents: {
    marketingEmail: { granted: true },
    sms: { granted: false, at: '2024-01-02T03:04:05Z', source: 'pos' },
  },
  status: 'active',
  enrollmentChannel: 'web',
};

describe('enrolment', () => {
  test('POST /v1/members stores a normalised full profile; GET returns the same member', async () => {
    const t0 = Date.now();
    const m = await enrolOk(fullProfile);
    const t1 = Date.now();
    const { id, createdAt, updatedAt, consents, identities, ...profile } = m;
    assert.match(id, /^[0-9a-f-]{36}$/);
    assert.equal(createdAt, updatedAt);
    assert.deepEqual(profile, {
      programId: ctx.a.program.id,
      status: 'active',
      firstName: 'Jane',
      lastName: 'Doe',
      email: 'jane.doe@example.com',
      phone: '+493012345678',
      birthDate: '1990-04-12',
      locale: 'en-GB',
      address: fullProfile.address,
      attributes: { shoeSize: 42, favouriteColour: 'green', vip: true },
      tags: [],
      enrollmentChannel: 'web',
      deletedAt: null,
    });
    // A consent without at/source gets "now" and the enrolment channel; explicit ones are kept.
    assert.equal(consents.marketingEmail?.granted, true);
    assert.equal(consents.marketingEmail?.source, 'web');
    const at = Date.parse(String(consents.marketingEmail?.at));
    assert.ok(at >= t0 - 1000 && at <= t1 + 1000, `consent time ${consents.marketingEmail?.at} is not now`);
    assert.deepEqual(consents.sms, { granted: false, at: '2024-01-02T03:04:05.000Z', source: 'pos' });
    assert.deepEqual(Object.keys(consents).sort(), ['marketingEmail', 'sms']);
    const held = identities.map((i) => `${i.type}=${i.value}`).sort();
    assert.deepEqual(held, ['email=jane.doe@example.com', 'phone=+493012345678']);

    const read = await get(m.id);
    assert.equal(read.statusCode, 200);
    assert.deepEqual(read.json(), m);
  });

  test('national mobile numbers use the program default country; consent source defaults to api', async () => {
    const m = await enrolOk({ phone: '0151 12345678', consents: { push: { granted: true } } });
    assert.deepEqual(
      [m.phone, m.email, m.enrollmentChannel, m.attributes],
      ['+4915112345678', null, null, {}],
    );
    assert.equal(m.consents.push?.source, 'api');
    assert.equal((await lookup('phone', '+49 151 12345678')).json().id, m.id);
  });

  test('attributes must match the program attribute schema; a rejected enrolment writes nothing', async () => {
    const before = await countRows(ctx.db, 'members');
    const invalid = [
      { shoeSize: 42.5 },
      { shoeSize: '42' },
      { favouriteColour: 'purple' },
      { vip: 1 },
      { x: 1 },
    ];
    for (const attributes of invalid) {
      const res = await enrol({ email: 'attr@example.com', attributes });
      assertProblem(res, 400, 'validation_failed');
      assert.match(res.json().errors[0].field, /^\/attributes/);
    }
    for (const bad of [{ phone: '12345' }, { email: 'not-an-email' }, { birthDate: '2999-01-01' }]) {
      assert.equal((await enrol(bad)).statusCode, 400, JSON.stringify(bad));
    }
    assert.equal(await countRows(ctx.db, 'members'), before);
    assert.equal((await lookup('email', 'attr@example.com')).statusCode, 404);
  });

  test('GET of an unknown member or of another tenant’s member is 404', async () => {
    const m = await enrolOk({ email: 'tenant-a-only@example.com' });
    assertProblem(await get(m.id, ctx.b.key), 404, 'member_not_found');
    assertProblem(await get('018f0000-0000-7000-8000-000000000000'), 404, 'member_not_found');
  });
});

describe('PATCH /v1/members/:id', () => {
  test('updates profile fields and merges attributes, null removing one', async () => {
    const m = await enrolOk({ ...fullProfile, email: 'patch1@example.com', phone: '0176 98765432' });
    const p = await patchOk(m.id, {
      firstName: 'Janet',
      locale: 'de-de',
      address: null,
      birthDate: '1991-05-06',
    });
    assert.deepEqual([p.firstName, p.lastName, p.locale, p.address], ['Janet', 'Doe', 'de-DE', null]);
    assert.equal(p.birthDate, '1991-05-06');
    assert.ok(Date.parse(p.updatedAt) >= Date.parse(m.updatedAt));
    const merged = await patchOk(m.id, { attributes: { shoeSize: 43, vip: null } });
    assert.deepEqual(merged.attributes, { shoeSize: 43, favouriteColour: 'green' });
    assertProblem(await patch(m.id, { attributes: { favouriteColour: 'pink' } }), 400, 'validation_failed');
    assert.deepEqual((await get(m.id)).json().attributes, { shoeSize: 43, favouriteColour: 'green' });
  });

  test('changing one consent keeps the others’ time and source', async () => {
    const m = await enrolOk({ ...fullProfile, email: 'consent@example.com', phone: null });
    const t0 = Date.now();
    const { consents } = await patchOk(m.id, { consents: { sms: { granted: true } } });
    assert.deepEqual(consents.marketingEmail, m.consents.marketingEmail);
    assert.deepEqual([consents.sms?.granted, consents.sms?.source], [true, 'api']);
    assert.ok(Date.parse(String(consents.sms?.at)) >= t0 - 1000);
    const profiling = { granted: true, at: '2023-06-01T12:00:00.000Z', source: 'app' };
    const explicit = await patchOk(m.id, { consents: { profiling } });
    assert.deepEqual(explicit.consents, { ...consents, profiling });
  });

  test('an email change moves the email identity; status can be blocked', async () => {
    const m = await enrolOk({ email: 'old.address@example.com' });
    const extra = { type: 'email', value: 'work.address@example.com' };
    const attached = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${m.id}/identities`, extra);
    assert.equal(attached.statusCode, 201);
    const res = await patchOk(m.id, { email: 'New.Address@Example.com', status: 'blocked' });
    assert.deepEqual([res.email, res.status], ['new.address@example.com', 'blocked']);
    const emails = res.identities.filter((i) => i.type === 'email').map((i) => i.value);
    assert.deepEqual(emails.sort(), ['new.address@example.com', 'work.address@example.com']);
    assert.equal((await lookup('email', 'old.address@example.com')).statusCode, 404);
    assert.equal((await lookup('email', 'work.address@example.com')).json().id, m.id, 'other emails stay');
    assert.equal((await lookup('email', 'NEW.address@example.com')).json().id, m.id);
    // The old address is free again.
    assert.equal((await enrol({ email: 'old.address@example.com' })).statusCode, 201);
  });

  test('an email held by another member is a 409 and leaves both members unchanged', async () => {
    const a = await enrolOk({ email: 'holder@example.com' });
    const b = await enrolOk({ email: 'wanter@example.com', firstName: 'B' });
    const res = await patch(b.id, { email: 'holder@example.com', firstName: 'Changed' });
    assertProblem(res, 409, 'identity_taken');
    assert.equal(res.json().existingMemberId, a.id);
    const after = (await get(b.id)).json();
    assert.deepEqual([after.email, after.firstName], ['wanter@example.com', 'B']);
    assert.equal((await lookup('email', 'wanter@example.com')).json().id, b.id);
  });
});

describe('DELETE /v1/members/:id', () => {
  test('erases personal data and identities, is repeatable, and blocks later edits', async () => {
    const m = await enrolOk({ ...fullProfile, email: 'erase.me@example.com', phone: '0151 99887766' });
    const res = await remove(m.id);
    assert.equal(res.statusCode, 200, res.body);
    const d = res.json<MemberDto>();
    const { createdAt, updatedAt, deletedAt, ...rest } = d;
    const erased = ['firstName', 'lastName', 'email', 'phone', 'birthDate', 'locale', 'address'];
    const kept = { id: m.id, programId: m.programId, status: 'deleted', enrollmentChannel: 'web' };
    const emptied = { attributes: {}, tags: [], consents: {}, identities: [] };
    assert.deepEqual(rest, { ...Object.fromEntries(erased.map((f) => [f, null])), ...kept, ...emptied });
    assert.equal(createdAt, m.createdAt);
    assert.ok(deletedAt && Date.parse(deletedAt) >= Date.parse(createdAt));
    assert.ok(Date.parse(updatedAt) >= Date.parse(deletedAt));
    assert.deepEqual(await identityRows(m.id), []);
    assert.equal((await lookup('email', 'erase.me@example.com')).statusCode, 404);
    assert.equal((await lookup('phone', '0151 99887766')).statusCode, 404);

    const again = await remove(m.id);
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), d);
    assert.deepEqual((await get(m.id)).json(), d);

    assertProblem(await patch(m.id, { firstName: 'Back' }), 409, 'member_deleted');
    assert.equal((await enrol({ email: 'erase.me@example.com' })).statusCode, 201);
    assertProblem(await remove('018f0000-0000-7000-8000-0000000000ff'), 404, 'member_not_found');
  });
});

describe('GET /v1/members', () => {
  let programId: string;
  const ids: string[] = [];
  const list = async (query: Record<string, string | number>) => {
    const qs = new URLSearchParams({ programId, ...query } as Record<string, string>).toString();
    const res = await call(ctx.app, ctx.a.key, 'GET', `/v1/members?${qs}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { data: { id: string }[]; nextCursor: string | null };
  };
  const idsOf = (page: { data: { id: string }[] }) => page.data.map((m) => m.id);

  before(async () => {
    const res = await call(ctx.app, ctx.a.key, 'POST', '/v1/programs', {
      slug: 'list-test',
      name: 'List test',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      defaultCountry: 'DE',
    });
    assert.equal(res.statusCode, 201, res.body);
    programId = res.json().id;
    for (let i = 0; i < 25; i++) {
      const body: Record<string, unknown> = {
        programId,
        firstName: `Person${i}`,
        email: `person${i}@list.example`,
      };
      if (i === 3)
        Object.assign(body, { firstName: 'Alice', lastName: 'Smith', email: 'alice@wonder.example' });
      if (i === 4) body.phone = '0151 44556677';
      const m = await enrol(body);
      assert.equal(m.statusCode, 201, m.body);
      ids.push(m.json().id);
    }
  });

  test('cursor pagination walks all members newest first without duplicates', async () => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page = await list({ limit: 10, ...(cursor ? { cursor } : {}) });
      pages.push(idsOf(page));
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 10);
    assert.deepEqual(
      pages.map((p) => p.length),
      [10, 10, 5],
    );
    const all = pages.flat();
    assert.equal(new Set(all).size, 25);
    assert.deepEqual(all, [...ids].reverse());
    const exact = await list({ limit: 25 });
    assert.equal(exact.data.length, 25);
    assert.equal(exact.nextCursor, null);
    const bad = await call(ctx.app, ctx.a.key, 'GET', `/v1/members?programId=${programId}&cursor=bm9wZQ`);
    assert.equal(bad.statusCode, 400);
  });

  test('status filter', async () => {
    for (const id of [ids[1], ids[7]])
      assert.equal((await patch(String(id), { status: 'blocked' })).statusCode, 200);
    assert.equal((await remove(String(ids[9]))).statusCode, 200);
    assert.deepEqual(idsOf(await list({ status: 'blocked' })), [ids[7], ids[1]]);
    assert.deepEqual(idsOf(await list({ status: 'deleted' })), [ids[9]]);
    assert.equal((await list({ status: 'active', limit: 100 })).data.length, 22);
  });

  test('createdFrom is inclusive, createdTo exclusive', async () => {
    const dates = { 10: '2020-01-01T00:00:00Z', 11: '2020-01-15T00:00:00Z', 12: '2020-02-01T00:00:00Z' };
    for (const [i, at] of Object.entries(dates)) {
      const id = String(ids[Number(i)]);
      await ctx.db
        .updateTable('members')
        .set({ created_at: new Date(at) })
        .where('id', '=', id)
        .execute();
    }
    const january = await list({ createdFrom: '2020-01-01T00:00:00Z', createdTo: '2020-02-01T00:00:00Z' });
    assert.deepEqual(idsOf(january), [ids[11], ids[10]]);
    assert.deepEqual(idsOf(await list({ createdTo: '2020-01-15T00:00:00Z' })), [ids[10]]);
    const recent = await list({ createdFrom: '2021-01-01T00:00:00Z', limit: 100 });
    assert.equal(recent.data.length, 22);
    assert.ok(!idsOf(recent).includes(String(ids[12])));
  });

  test('q searches names, email and phone, case-insensitively and literally', async () => {
    assert.deepEqual(idsOf(await list({ q: 'ALICE' })), [ids[3]]);
    assert.deepEqual(idsOf(await list({ q: 'alice smith' })), [ids[3]]);
    assert.deepEqual(idsOf(await list({ q: 'wonder.example' })), [ids[3]]);
    assert.deepEqual(idsOf(await list({ q: '15144556677' })), [ids[4]]);
    assert.deepEqual(idsOf(await list({ q: 'person24@' })), [ids[24]]);
    assert.equal((await list({ q: 'list.example', limit: 100 })).data.length, 23);
    assert.deepEqual(idsOf(await list({ q: '%' })), []);
    assert.deepEqual(
      idsOf(await list({ q: 'person2', status: 'active' })),
      [24, 23, 22, 21, 20, 2].map((i) => ids[i]),
    );
  });

  test('another tenant never sees these members', async () => {
    const res = await call(ctx.app, ctx.b.key, 'GET', `/v1/members?programId=${programId}`);
    assert.equal(res.statusCode, 404);
    const own = await call(ctx.app, ctx.b.key, 'GET', '/v1/members');
    assert.deepEqual(own.json().data, []);
  });
});
