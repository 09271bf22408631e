import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

let ctx: TestContext;
type Res = Awaited<ReturnType<typeof call>>;
interface Member {
  id: string;
  programId: string;
  firstName: string | null;
  email: string | null;
  identities: { id: string; type: string; value: string }[];
}
interface Identified {
  id: string;
}

/** Tenant A's member (with email, phone and card) and tenant B's member, shared by the isolation tests. */
let memberA: Member;
let memberB: Member;

before(async () => {
  ctx = await createTestContext();
  memberA = await enrol(ctx.a.key, {
    firstName: 'Ada',
    email: 'ada@example.com',
    phone: '+49 30 1234567',
    identities: [{ type: 'card', value: 'CARD-0001' }],
  });
  memberB = await enrol(ctx.b.key, { firstName: 'Bea', email: 'bea@example.com' });
});
after(() => ctx.close());

const req = (key: string | undefined, method: InjectOptions['method'], url: string, body?: unknown) =>
  call(ctx.app, key, method, url, body);

function ok(res: Res, status = 200) {
  assert.equal(res.statusCode, status, res.body);
  return res.json();
}

function problem(res: Res, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const p = res.json();
  assert.equal(p.code, code);
  return p;
}

async function enrol(key: string, body: Record<string, unknown>): Promise<Member> {
  return ok(await req(key, 'POST', '/v1/members', body), 201);
}

const ids = (items: Identified[]) => items.map((i) => i.id);
const lookup = (type: string, value: string, programId?: string) =>
  `/v1/members/lookup?type=${type}&value=${encodeURIComponent(value)}${programId ? `&programId=${programId}` : ''}`;

test('tenant B cannot read, look up, change or delete tenant A’s members and identities', async () => {
  const url = `/v1/members/${memberA.id}`;
  const snapshot = ok(await req(ctx.a.key, 'GET', url));
  const card = snapshot.identities.find((i: { type: string }) => i.type === 'card');
  assert.ok(card, 'member A has a card identity');
  const b = ctx.b.key;
  problem(await req(b, 'GET', url), 404, 'member_not_found');
  problem(await req(b, 'PATCH', url, { firstName: 'Mallory', attributes: {} }), 404, 'member_not_found');
  problem(await req(b, 'DELETE', url), 404, 'member_not_found');
  problem(
    await req(b, 'POST', `${url}/identities`, { type: 'card', value: 'STOLEN01' }),
    404,
    'member_not_found',
  );
  problem(await req(b, 'DELETE', `${url}/identities/${card.id}`), 404, 'member_not_found');
  problem(await req(b, 'POST', `${url}/cards`), 404, 'member_not_found');
  // Lookups by A's identities from B find nothing, in B's default program or by naming A's program, while A
  // itself finds the member: the 404s are about tenancy, not about the lookup.
  for (const [type, value] of [
    ['email', 'ada@example.com'],
    ['phone', '+49301234567'],
    ['card', 'CARD0001'],
  ] as const) {
    problem(await req(b, 'GET', lookup(type, value)), 404, 'member_not_found');
    problem(await req(b, 'GET', lookup(type, value, ctx.a.program.id)), 404, 'program_not_found');
    assert.equal(ok(await req(ctx.a.key, 'GET', lookup(type, value))).id, memberA.id);
  }
  assert.deepEqual(ok(await req(ctx.a.key, 'GET', url)), snapshot, 'member A is unchanged');
});

test('the same identity can exist independently in two tenants', async () => {
  const twin = await enrol(ctx.b.key, { email: 'ada@example.com' });
  assert.notEqual(twin.id, memberA.id);
  const inB = ok(await req(ctx.b.key, 'GET', lookup('email', 'ada@example.com')));
  const inA = ok(await req(ctx.a.key, 'GET', lookup('email', 'ada@example.com')));
  assert.equal(inB.id, twin.id);
  assert.equal(inA.id, memberA.id);
});

test('listing members returns only the caller’s tenant', async () => {
  const listA = ids(ok(await req(ctx.a.key, 'GET', '/v1/members?limit=200')).data);
  const listB = ids(ok(await req(ctx.b.key, 'GET', '/v1/members?limit=200')).data);
  assert.ok(listA.includes(memberA.id) && !listA.includes(memberB.id));
  assert.ok(listB.includes(memberB.id) && !listB.includes(memberA.id));
  assert.ok(!listA.some((id) => listB.includes(id)), 'no member is listed for both tenants');
  const searched = ok(await req(ctx.b.key, 'GET', '/v1/members?q=Ada')).data as Member[];
  assert.ok(!ids(searched).includes(memberA.id));
  problem(await req(ctx.b.key, 'GET', `/v1/members?programId=${ctx.a.program.id}`), 404, 'program_not_found');
});

test('tenant B cannot see or change tenant A’s programs', async () => {
  const programsB = ids(ok(await req(ctx.b.key, 'GET', '/v1/programs')).data);
  assert.deepEqual(programsB, [ctx.b.program.id]);
  assert.ok(ids(ok(await req(ctx.a.key, 'GET', '/v1/programs')).data).includes(ctx.a.program.id));
  const url = `/v1/programs/${ctx.a.program.id}`;
  problem(await req(ctx.b.key, 'GET', url), 404, 'program_not_found');
  problem(await req(ctx.b.publishableKey, 'GET', url), 404, 'program_not_found');
  problem(await req(ctx.b.key, 'PATCH', url, { name: 'Hijacked' }), 404, 'program_not_found');
  assert.notEqual(ok(await req(ctx.a.key, 'GET', url)).name, 'Hijacked');
});

test('tenant B cannot see or revoke tenant A’s API keys', async () => {
  const keysA = ok(await req(ctx.a.key, 'GET', '/v1/api-keys')).data as Identified[];
  const keysB = ok(await req(ctx.b.key, 'GET', '/v1/api-keys')).data as Identified[];
  assert.ok(keysA.length >= 2 && keysB.length >= 2);
  assert.ok(!ids(keysB).some((id) => ids(keysA).includes(id)));
  for (const key of keysA)
    problem(await req(ctx.b.key, 'DELETE', `/v1/api-keys/${key.id}`), 404, 'api_key_not_found');
  ok(await req(ctx.a.key, 'GET', '/v1/members'));
  const afterwards = ok(await req(ctx.a.key, 'GET', '/v1/api-keys')).data as { revokedAt: string | null }[];
  assert.ok(afterwards.length === keysA.length && afterwards.every((k) => k.revokedAt === null));
});

test('a new API key shows its secret once, is stored hashed, works at once and revokes immediately', async () => {
  const before = await countRows(ctx.db, 'api_keys');
  const created = ok(
    await req(ctx.a.key, 'POST', '/v1/api-keys', { name: 'pos terminal', scope: 'server' }),
    201,
  );
  assert.match(created.secret, /^tsk_[A-Za-z0-9_-]{40,}$/);
  assert.equal(created.prefix, `${created.secret.slice(0, 12)}…`);
  assert.equal(created.revokedAt, null);
  assert.equal(await countRows(ctx.db, 'api_keys'), before + 1);

  const listed = await req(ctx.a.key, 'GET', '/v1/api-keys');
  const entry = ok(listed).data.find((k: Identified) => k.id === created.id);
  assert.ok(entry, 'the new key is listed');
  assert.equal('secret' in entry, false);
  assert.ok(!listed.body.includes(created.secret), 'the list never contains a secret');

  const row = await ctx.db
    .selectFrom('api_keys')
    .selectAll()
    .where('id', '=', created.id)
    .executeTakeFirstOrThrow();
  assert.equal(row.tenant_id, ctx.a.tenantId);
  assert.match(row.secret_hash, /^[0-9a-f]{64}$/);
  assert.notEqual(row.secret_hash, created.secret);
  assert.ok(!JSON.stringify(row).includes(created.secret), 'the secret is stored nowhere in plain text');

  ok(await req(created.secret, 'GET', '/v1/members'));
  const revoked = ok(await req(ctx.a.key, 'DELETE', `/v1/api-keys/${created.id}`));
  assert.equal(revoked.id, created.id);
  assert.ok(revoked.revokedAt !== null && !Number.isNaN(Date.parse(revoked.revokedAt)));
  problem(await req(created.secret, 'GET', '/v1/members'), 401, 'invalid_api_key');
  problem(await req(created.secret, 'GET', '/v1/programs'), 401, 'invalid_api_key');
  const again = ok(await req(ctx.a.key, 'DELETE', `/v1/api-keys/${created.id}`));
  assert.equal(again.revokedAt, revoked.revokedAt, 'revoking twice keeps the first revocation time');
  problem(await req(ctx.a.key, 'DELETE', `/v1/api-keys/${randomUUID()}`), 404, 'api_key_not_found');
  const after = ok(await req(ctx.a.key, 'GET', '/v1/api-keys')).data.find(
    (k: Identified) => k.id === created.id,
  );
  assert.equal(after.revokedAt, revoked.revokedAt);
});

test('a key can revoke itself, and the caller’s own key stays valid otherwise', async () => {
  const created = ok(await req(ctx.a.key, 'POST', '/v1/api-keys', { name: 'self', scope: 'server' }), 201);
  ok(await req(created.secret, 'DELETE', `/v1/api-keys/${created.id}`));
  problem(await req(created.secret, 'GET', '/v1/api-keys'), 401, 'invalid_api_key');
  ok(await req(ctx.a.key, 'GET', '/v1/api-keys'));
});

test('publishable keys read programs only', async () => {
  const created = ok(
    await req(ctx.a.key, 'POST', '/v1/api-keys', { name: 'web', scope: 'publishable' }),
    201,
  );
  assert.match(created.secret, /^tpk_/);
  for (const pub of [ctx.a.publishableKey, created.secret]) {
    assert.ok(ids(ok(await req(pub, 'GET', '/v1/programs')).data).includes(ctx.a.program.id));
    assert.equal(ok(await req(pub, 'GET', `/v1/programs/${ctx.a.program.id}`)).id, ctx.a.program.id);
    const forbidden: [InjectOptions['method'], string, unknown?][] = [
      ['GET', '/v1/members'],
      ['GET', `/v1/members/${memberA.id}`],
      ['GET', lookup('email', 'ada@example.com')],
      ['POST', '/v1/members', { firstName: 'Eve' }],
      ['PATCH', `/v1/members/${memberA.id}`, { firstName: 'Eve' }],
      ['DELETE', `/v1/members/${memberA.id}`],
      ['GET', '/v1/api-keys'],
      ['POST', '/v1/api-keys', { name: 'escalate', scope: 'server' }],
      ['POST', '/v1/programs', { slug: 'pub', name: 'x', currency: 'EUR', timezone: 'UTC' }],
      ['PATCH', `/v1/programs/${ctx.a.program.id}`, { name: 'x' }],
    ];
    for (const [method, url, body] of forbidden) {
      problem(await req(pub, method, url, body), 403, 'insufficient_scope');
    }
  }
  assert.equal(ok(await req(ctx.a.key, 'GET', `/v1/members/${memberA.id}`)).firstName, 'Ada');
});

test('a second program: enrol into it by programId and list it separately', async () => {
  const program = ok(
    await req(ctx.a.key, 'POST', '/v1/programs', {
      slug: 'kids-club',
      name: 'Kids club',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      pointName: 'stars',
    }),
    201,
  );
  assert.equal(program.isDefault, false);
  assert.equal(program.pointName, 'stars');
  assert.deepEqual(program.attributeSchema, []);
  assert.equal(ok(await req(ctx.a.key, 'GET', `/v1/programs/${program.id}`)).slug, 'kids-club');

  const kid = await enrol(ctx.a.key, { programId: program.id, firstName: 'Kid', email: 'ada@example.com' });
  assert.equal(kid.programId, program.id, 'the same email is free in another program');
  const plain = await enrol(ctx.a.key, { firstName: 'Default' });
  assert.equal(plain.programId, ctx.a.program.id, 'a request naming no program uses the tenant default');
  assert.equal(memberA.programId, ctx.a.program.id);

  const inKids = ids(ok(await req(ctx.a.key, 'GET', `/v1/members?programId=${program.id}`)).data);
  assert.deepEqual(inKids, [kid.id]);
  const inDefault = ids(ok(await req(ctx.a.key, 'GET', '/v1/members?limit=200')).data);
  assert.ok(inDefault.includes(plain.id) && inDefault.includes(memberA.id) && !inDefault.includes(kid.id));

  assert.equal(ok(await req(ctx.a.key, 'GET', lookup('email', 'ada@example.com', program.id))).id, kid.id);
  assert.equal(ok(await req(ctx.a.key, 'GET', lookup('email', 'ada@example.com'))).id, memberA.id);
  // Tenant B can neither use nor see A's new program.
  problem(await req(ctx.b.key, 'POST', '/v1/members', { programId: program.id }), 404, 'program_not_found');
  assert.ok(!ids(ok(await req(ctx.b.key, 'GET', '/v1/programs')).data).includes(program.id));
});

test('a taken program slug is 409 program_slug_taken within a tenant, but free in another', async () => {
  const body = { slug: 'summer', name: 'Summer', currency: 'EUR', timezone: 'UTC' };
  ok(await req(ctx.a.key, 'POST', '/v1/programs', body), 201);
  const before = await countRows(ctx.db, 'programs');
  for (const slug of ['summer', 'default']) {
    const p = problem(
      await req(ctx.a.key, 'POST', '/v1/programs', { ...body, slug }),
      409,
      'program_slug_taken',
    );
    assert.equal(p.type, 'urn:tessera:problem:program_slug_taken');
    assert.ok(p.errors.some((e: { field: string }) => e.field === '/slug'));
  }
  assert.equal(await countRows(ctx.db, 'programs'), before);
  ok(await req(ctx.b.key, 'POST', '/v1/programs', body), 201);
});

test('invalid program fields are 400 with field errors and nothing is written', async () => {
  const base = { slug: 'bad', name: 'Bad', currency: 'EUR', timezone: 'UTC' };
  const cases: [Record<string, unknown>, string[]][] = [
    [{ timezone: 'Mars/Olympus_Mons' }, ['/timezone']],
    [{ currency: 'QQQ' }, ['/currency']],
    [{ currency: 'eur' }, ['/currency']],
    [{ timezone: 'Nowhere/Land', currency: 'ABC' }, ['/timezone', '/currency']],
    [{ slug: 'Not A Slug' }, ['/slug']],
    [{ defaultCountry: 'Germany' }, ['/defaultCountry']],
    [
      {
        attributeSchema: [
          { key: 'size', type: 'integer' },
          { key: 'size', type: 'string' },
        ],
      },
      ['/attributeSchema/1/key'],
    ],
  ];
  const before = await countRows(ctx.db, 'programs');
  for (const [change, fields] of cases) {
    const p = problem(
      await req(ctx.a.key, 'POST', '/v1/programs', { ...base, ...change }),
      400,
      'validation_failed',
    );
    const named = p.errors.map((e: { field: string }) => e.field);
    for (const field of fields) assert.ok(named.includes(field), `${field} not in ${named.join(', ')}`);
  }
  assert.equal(await countRows(ctx.db, 'programs'), before);
  const url = `/v1/programs/${ctx.a.program.id}`;
  const p = problem(
    await req(ctx.a.key, 'PATCH', url, { timezone: 'Atlantis/Capital' }),
    400,
    'validation_failed',
  );
  assert.deepEqual(
    p.errors.map((e: { field: string }) => e.field),
    ['/timezone'],
  );
  assert.equal(ok(await req(ctx.a.key, 'GET', url)).timezone, 'UTC');
});
