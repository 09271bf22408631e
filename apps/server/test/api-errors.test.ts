import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { buildApp } from '../src/http/app.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

type Res = Awaited<ReturnType<typeof call>>;
interface Expected {
  status: number;
  code: string;
  /** Fields that must each be named by an entry of `errors[]`. */
  fields?: string[];
}
interface FieldError {
  field: string;
  in?: string;
  code: string;
  message: string;
}

/** Asserts the RFC 9457 problem shape and returns the parsed body. */
function assertProblem(res: Res, expected: Expected) {
  assert.equal(res.statusCode, expected.status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  const p = res.json();
  assert.equal(p.status, expected.status);
  assert.equal(p.code, expected.code);
  assert.equal(p.type, `urn:tessera:problem:${expected.code}`);
  assert.equal(typeof p.title, 'string');
  assert.ok(typeof p.detail === 'string' && p.detail.length > 0, 'detail is a non-empty string');
  assert.ok(typeof p.requestId === 'string' && p.requestId.length > 0, 'requestId is set');
  assert.equal(p.requestId, res.headers['x-request-id']);
  if (expected.fields) {
    assert.ok(Array.isArray(p.errors) && p.errors.length > 0, `errors[] expected: ${res.body}`);
    const named = (p.errors as FieldError[]).map((e) => e.field);
    for (const field of expected.fields)
      assert.ok(named.includes(field), `${field} not in ${named.join(', ')}`);
    for (const e of p.errors as FieldError[]) {
      assert.equal(typeof e.code, 'string');
      assert.equal(typeof e.message, 'string');
    }
  }
  return p;
}

const counts = async () => ({
  members: await countRows(ctx.db, 'members'),
  identities: await countRows(ctx.db, 'member_identities'),
  idempotency: await countRows(ctx.db, 'idempotency_keys'),
});

/** Sends the request and asserts both the problem response and that no row was written. */
async function rejects(send: () => Promise<Res>, expected: Expected) {
  const before = await counts();
  const p = assertProblem(await send(), expected);
  assert.deepEqual(await counts(), before, 'a rejected request must write nothing');
  return p;
}

/** A write with a fresh Idempotency-Key, so a stored key would show up in the row counts. */
const write = (method: InjectOptions['method'], url: string, body?: unknown, key = ctx.a.key) =>
  call(ctx.app, key, method, url, body, { 'idempotency-key': randomUUID() });
const raw = (payload: string, contentType: string, key = ctx.a.key) =>
  ctx.app.inject({
    method: 'POST',
    url: '/v1/members',
    payload,
    headers: { authorization: `Bearer ${key}`, 'content-type': contentType, 'idempotency-key': randomUUID() },
  });

async function enrolInA(body: Record<string, unknown> = {}) {
  const res = await call(ctx.app, ctx.a.key, 'POST', '/v1/members', { firstName: 'Ada', ...body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string };
}

test('malformed JSON is 400 malformed_json', async () => {
  await rejects(() => raw('{"firstName": ', 'application/json'), { status: 400, code: 'malformed_json' });
});

test('a non-JSON content type is 415 unsupported_media_type', async () => {
  await rejects(() => raw('firstName=Ada', 'text/plain'), { status: 415, code: 'unsupported_media_type' });
});

test('a body over 1 MiB is 413 payload_too_large', async () => {
  const payload = JSON.stringify({ firstName: 'A', enrollmentChannel: 'x'.repeat(1024 * 1024 + 10) });
  await rejects(() => raw(payload, 'application/json'), { status: 413, code: 'payload_too_large' });
});

const invalidBodies: [string, Record<string, unknown>, string[]][] = [
  ['a number as firstName', { firstName: 5 }, ['/firstName']],
  ['a number as birthDate', { birthDate: 5 }, ['/birthDate']],
  ['a string as consents', { consents: 'yes' }, ['/consents']],
  ['an unknown top-level field', { firstName: 'Ada', foo: 1 }, ['/foo']],
  [
    'an unknown nested field',
    { address: { line1: 'a', city: 'b', postalCode: 'c', country: 'DE', x: 1 } },
    ['/address/x'],
  ],
  ['an invalid email', { email: 'not-an-email' }, ['/email']],
  ['an invalid phone', { phone: '+49 12' }, ['/phone']],
  ['a phone that is not a number at all', { phone: 'call me maybe' }, ['/phone']],
  ['a non-existent date', { birthDate: '2026-02-30' }, ['/birthDate']],
  ['a future birth date', { birthDate: '2999-01-01' }, ['/birthDate']],
  ['an unknown attribute key', { attributes: { shoeSize: 42, hatSize: 7 } }, ['/attributes/hatSize']],
  [
    'an attribute of the wrong type',
    { attributes: { shoeSize: '42', vip: 'yes' } },
    ['/attributes/shoeSize', '/attributes/vip'],
  ],
  [
    'an attribute outside its enum',
    { attributes: { favouriteColour: 'purple' } },
    ['/attributes/favouriteColour'],
  ],
  ['an invalid identity', { identities: [{ type: 'email', value: 'nope' }] }, ['/identities/0/value']],
  ['a malformed programId', { programId: 'not-a-uuid' }, ['/programId']],
];
for (const [name, body, fields] of invalidBodies) {
  test(`enrolment with ${name} is 400 validation_failed`, async () => {
    await rejects(() => write('POST', '/v1/members', body), {
      status: 400,
      code: 'validation_failed',
      fields,
    });
  });
}

test('an unknown programId is 404 program_not_found, also when it is another tenant’s program', async () => {
  for (const programId of [randomUUID(), ctx.b.program.id]) {
    await rejects(() => write('POST', '/v1/members', { firstName: 'Ada', programId }), {
      status: 404,
      code: 'program_not_found',
    });
  }
});

test('authentication failures are 401 and write nothing', async () => {
  const body = { firstName: 'Ada' };
  await rejects(() => call(ctx.app, undefined, 'POST', '/v1/members', body), {
    status: 401,
    code: 'missing_api_key',
  });
  await rejects(() => call(ctx.app, undefined, 'GET', '/v1/programs'), {
    status: 401,
    code: 'missing_api_key',
  });
  const basic = { authorization: 'Basic dXNlcjpwYXNz' };
  await rejects(() => call(ctx.app, undefined, 'GET', '/v1/members', undefined, basic), {
    status: 401,
    code: 'missing_api_key',
  });
  for (const bad of ['tsk_unknown', `${ctx.a.key}x`]) {
    await rejects(() => write('POST', '/v1/members', body, bad), { status: 401, code: 'invalid_api_key' });
  }
});

test('a revoked key is 401 invalid_api_key', async () => {
  const created = await call(ctx.app, ctx.a.key, 'POST', '/v1/api-keys', {
    name: 'soon gone',
    scope: 'server',
  });
  assert.equal(created.statusCode, 201, created.body);
  const { id, secret } = created.json();
  assert.equal((await call(ctx.app, secret, 'GET', '/v1/members')).statusCode, 200);
  assert.equal((await call(ctx.app, ctx.a.key, 'DELETE', `/v1/api-keys/${id}`)).statusCode, 200);
  await rejects(() => write('POST', '/v1/members', { firstName: 'Ada' }, secret), {
    status: 401,
    code: 'invalid_api_key',
  });
  await rejects(() => call(ctx.app, secret, 'GET', '/v1/members'), { status: 401, code: 'invalid_api_key' });
});

test('a publishable key is 403 insufficient_scope on writes but may list programs', async () => {
  const pub = ctx.a.publishableKey;
  await rejects(() => write('POST', '/v1/members', { firstName: 'Ada' }, pub), {
    status: 403,
    code: 'insufficient_scope',
  });
  await rejects(() => write('POST', '/v1/api-keys', { name: 'x', scope: 'server' }, pub), {
    status: 403,
    code: 'insufficient_scope',
  });
  const programs = await call(ctx.app, pub, 'GET', '/v1/programs');
  assert.equal(programs.statusCode, 200, programs.body);
  assert.ok(programs.json().data.some((p: { id: string }) => p.id === ctx.a.program.id));
});

test('another tenant’s member id is 404 member_not_found and the member is unchanged', async () => {
  const member = await enrolInA({ email: 'ada@example.com', attributes: { shoeSize: 38 } });
  const url = `/v1/members/${member.id}`;
  const snapshot = (await call(ctx.app, ctx.a.key, 'GET', url)).json();
  const expected = { status: 404, code: 'member_not_found' };
  await rejects(() => call(ctx.app, ctx.b.key, 'GET', url), expected);
  await rejects(() => write('PATCH', url, { firstName: 'Mallory' }, ctx.b.key), expected);
  await rejects(() => write('DELETE', url, undefined, ctx.b.key), expected);
  await rejects(
    () => write('POST', `${url}/identities`, { type: 'card', value: 'CARD123456' }, ctx.b.key),
    expected,
  );
  assert.deepEqual((await call(ctx.app, ctx.a.key, 'GET', url)).json(), snapshot);
});

test('an invalid PATCH leaves the member unchanged', async () => {
  const member = await enrolInA({ attributes: { shoeSize: 40 } });
  const url = `/v1/members/${member.id}`;
  const snapshot = (await call(ctx.app, ctx.a.key, 'GET', url)).json();
  const cases: [Record<string, unknown>, string[]][] = [
    [{ attributes: { shoeSize: 4.5 } }, ['/attributes/shoeSize']],
    [{ attributes: { colour: 'red' } }, ['/attributes/colour']],
    [{ firstName: 'Bob', birthDate: '2001-13-01' }, ['/birthDate']],
    [{ firstName: 'Bob', email: 'bob@' }, ['/email']],
    [{ firstName: 'Bob', phone: '123' }, ['/phone']],
    [{ status: 'deleted' }, ['/status']],
  ];
  for (const [body, fields] of cases) {
    await rejects(() => write('PATCH', url, body), { status: 400, code: 'validation_failed', fields });
  }
  await rejects(() => write('PATCH', url, {}), { status: 400, code: 'validation_failed' });
  assert.deepEqual((await call(ctx.app, ctx.a.key, 'GET', url)).json(), snapshot);
});

test('an invalid UUID in the path is 400 with the param named', async () => {
  for (const [method, url] of [
    ['GET', '/v1/members/not-a-uuid'],
    ['PATCH', '/v1/members/123'],
    ['DELETE', '/v1/members/123'],
    ['GET', '/v1/programs/nope'],
    ['DELETE', '/v1/api-keys/nope'],
  ] as const) {
    const p = await rejects(() => write(method, url, method === 'PATCH' ? { firstName: 'A' } : undefined), {
      status: 400,
      code: 'validation_failed',
      fields: ['/id'],
    });
    assert.equal(p.errors[0].in, 'params');
  }
});

test('an unknown route is 404 route_not_found, with or without a key', async () => {
  for (const key of [ctx.a.key, undefined]) {
    const p = await rejects(() => call(ctx.app, key, 'GET', '/v1/nothing-here?x=1'), {
      status: 404,
      code: 'route_not_found',
    });
    assert.match(p.detail, /\/v1\/nothing-here/);
  }
  await rejects(() => write('PUT', '/v1/members', { firstName: 'A' }), {
    status: 404,
    code: 'route_not_found',
  });
});

test('invalid list queries are 400 with the query field named', async () => {
  const cases: [string, string][] = [
    ['cursor=garbage', '/cursor'],
    [`cursor=${Buffer.from('not-an-id').toString('base64url')}`, '/cursor'],
    ['limit=0', '/limit'],
    ['limit=abc', '/limit'],
    ['status=gone', '/status'],
    ['createdFrom=yesterday', '/createdFrom'],
    ['bogus=1', '/bogus'],
  ];
  for (const [query, field] of cases) {
    const p = await rejects(() => call(ctx.app, ctx.a.key, 'GET', `/v1/members?${query}`), {
      status: 400,
      code: 'validation_failed',
      fields: [field],
    });
    assert.ok(
      p.errors.some((e: FieldError) => e.field === field && e.in === 'query'),
      query,
    );
  }
});

test('an unexpected error is a 500 problem that leaks no internals', async () => {
  const app = await buildApp({ db: ctx.db });
  app.get('/v1/boom', { config: { access: 'public' } }, async () => {
    throw new Error('connect ECONNREFUSED postgres://admin:hunter2@db/internal');
  });
  await app.ready();
  try {
    const res = await app.inject({ method: 'GET', url: '/v1/boom' });
    const p = assertProblem(res, { status: 500, code: 'internal_error' });
    assert.doesNotMatch(res.body, /hunter2|ECONNREFUSED|postgres|stack|\.ts/);
    assert.equal(p.errors, undefined);
  } finally {
    await app.close();
  }
});
