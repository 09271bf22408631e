import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { seedDemo } from '../src/demo/seed-demo.js';
import { verifyPassword } from '../src/modules/admin-users/passwords.js';
import { ADMIN_ROLES, roleAllows, roleNeedsDryRun } from '../src/modules/admin-users/roles.js';
import { hashSecret } from '../src/modules/api-keys/api-keys.service.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/** Console sign-in: first-owner setup, passwords, sessions, lockout, roles on the API, console user management. */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

type Res = Awaited<ReturnType<typeof call>>;
const req = (token: string | undefined, method: string, url: string, body?: unknown) =>
  call(ctx.app, token, method as 'GET', url, body);

function ok(res: Res, status = 200) {
  assert.equal(res.statusCode, status, res.body);
  return res.body ? res.json() : undefined;
}

function problem(res: Res, status: number, code: string) {
  assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers['content-type']), /^application\/problem\+json/);
  assert.equal(res.json().code, code);
  return res.json();
}

interface Session {
  token: string;
  expiresAt: string;
  user: { id: string; email: string; name: string; role: string; tenantId: string; disabled: boolean };
}

const signIn = (email: string, password: string) =>
  req(undefined, 'POST', '/v1/console/sessions', { email, password });
const session = async (email: string, password: string): Promise<Session> =>
  ok(await signIn(email, password), 201);

const OWNER = { email: 'Olga@Example.com', name: 'Olga Owner', password: 'correct horse battery' };
let owner: Session;

/** Creates a console user through the owner's session and signs them in. */
async function member(role: string, email: string, password = 'another long secret'): Promise<Session> {
  ok(await req(owner.token, 'POST', '/v1/admin-users', { email, name: `${role} user`, role, password }), 201);
  return session(email, password);
}

/**
 * Every authenticated route and who may call it: O(wner), M(arketer), S(upport), A(nalyst); a lower-case letter
 * means "only as a dry run". A route missing here fails the test, so each new route gets a decision.
 */
const ROUTE_ROLES = [
  'OMSA GET /v1/programs',
  'OM-- POST /v1/programs',
  'OMSA GET /v1/programs/{id}',
  'OM-- PATCH /v1/programs/{id}',
  'OMSA GET /v1/program-templates',
  'OMSA GET /v1/program-templates/{name}',
  'OM-- POST /v1/programs/from-template',
  'OMSA GET /v1/members/{id}/metrics',
  'OM-- POST /v1/programs/{id}/analytics/refresh',
  'OMSA GET /v1/programs/{id}/analytics/models',
  'OM-- PUT /v1/programs/{id}/analytics/settings',
  'OMSA GET /v1/programs/{id}/analytics/rfm',
  'OMSA GET /v1/programs/{id}/analytics/loyalty-types',
  'OMSA GET /v1/programs/{id}/reports/kpis',
  'OMSA GET /v1/programs/{id}/reports/incrementality',
  'OMSA GET /v1/programs/{id}/reports/cohorts',
  'OMSA GET /v1/programs/{id}/reports/campaigns',
  'OMSA GET /v1/members/{id}/offers',
  'OMS- POST /v1/members/{id}/offers/{campaignId}/activate',
  'O--- GET /v1/api-keys',
  'O--- POST /v1/api-keys',
  'O--- DELETE /v1/api-keys/{id}',
  'OMSA DELETE /v1/console/sessions/current',
  'OMSA GET /v1/console/me',
  'O--- GET /v1/admin-users',
  'O--- POST /v1/admin-users',
  'O--- PATCH /v1/admin-users/{id}',
  'O--- DELETE /v1/admin-users/{id}',
  'OMSA GET /v1/audit-log',
  'OMS- POST /v1/members',
  'OMSA GET /v1/members',
  'OMSA GET /v1/members/lookup',
  'OMSA GET /v1/members/{id}',
  'OMS- PATCH /v1/members/{id}',
  'OM-- DELETE /v1/members/{id}',
  'OMS- POST /v1/members/{id}/identities',
  'OMS- DELETE /v1/members/{id}/identities/{identityId}',
  'OMS- POST /v1/members/{id}/cards',
  'OM-- POST /v1/members/{id}/points/spend',
  'OM-- POST /v1/members/{id}/points/holds',
  'OM-- POST /v1/members/{id}/points/holds/{holdId}/capture',
  'OM-- POST /v1/members/{id}/points/holds/{holdId}/release',
  'OMS- POST /v1/members/{id}/points/adjustments',
  'OM-- POST /v1/members/{id}/points/transfers',
  'OMSA GET /v1/members/{id}/balance',
  'OMSA GET /v1/members/{id}/activity',
  'OMSA GET /v1/programs/{id}/ledger-policy',
  'OM-- PUT /v1/programs/{id}/ledger-policy',
  'OMSA GET /v1/programs/{id}/reports/liability',
  'OMSA GET /v1/programs/{id}/partners',
  'OM-- POST /v1/programs/{id}/partners',
  'OMSA GET /v1/programs/{id}/partners/{partnerId}',
  'OM-- PATCH /v1/programs/{id}/partners/{partnerId}',
  'O--- POST /v1/programs/{id}/partners/{partnerId}/api-keys',
  'OMSA GET /v1/programs/{id}/reports/partner-settlement',
  'OMSA GET /v1/programs/{id}/wallets',
  'OM-- PUT /v1/programs/{id}/wallets/{code}',
  'OMsa POST /v1/transactions',
  'OMSA GET /v1/transactions/{id}',
  'OM-- POST /v1/transactions/{id}/returns',
  'OM-- POST /v1/transactions/{id}/cancel',
  'OM-- POST /v1/transactions/{id}/activate',
  'OMS- POST /v1/transactions/{id}/claim',
  'OMS- POST /v1/members/{id}/merge',
  'OMSA GET /v1/campaigns',
  'OM-- POST /v1/campaigns',
  'OMSA GET /v1/campaigns/{id}',
  'OM-- PUT /v1/campaigns/{id}',
  'OMSA GET /v1/campaigns/{id}/versions/{version}',
  'OM-- POST /v1/campaigns/{id}/publish',
  'OM-- POST /v1/campaigns/{id}/status',
  'OMSA GET /v1/event-types',
  'OM-- PUT /v1/event-types/{type}',
  'OM-- POST /v1/event-types/standard',
  'OMsa POST /v1/events',
  'OMSA GET /v1/events/{id}',
  'OMSA POST /v1/members/{id}/explain',
  'OMSA POST /v1/campaigns/{id}/backtest',
  'OMSA GET /v1/members/{id}/coupons',
  'OMSA POST /v1/coupons/validate',
  'OM-- POST /v1/coupons/reserve',
  'OMS- POST /v1/coupons/redeem',
  'OMS- POST /v1/coupons/release',
  'OM-- POST /v1/coupon-series',
  'OMSA GET /v1/coupon-series',
  'OMSA GET /v1/coupon-series/{id}',
  'OMSA GET /v1/coupon-series/{id}/codes',
  'OM-- POST /v1/coupon-series/{id}/codes:import',
  'OM-- POST /v1/coupon-series/{id}/generate',
  'O--- POST /v1/webhooks',
  'O--- GET /v1/webhooks',
  'O--- DELETE /v1/webhooks/{id}',
  'O--- GET /v1/webhooks/{id}/deliveries',
  'OMSA GET /v1/programs/{id}/tiers',
  'OM-- PUT /v1/programs/{id}/tiers',
  'OMSA GET /v1/programs/{id}/tiers/recomputes/{recomputeId}',
  'OMSA GET /v1/members/{id}/tier',
  'OM-- PUT /v1/members/{id}/tier',
  'OM-- DELETE /v1/members/{id}/tier',
  'OMSA GET /v1/members/{id}/tier/history',
  'OMSA POST /v1/checkout/quote',
  'OMSA GET /v1/programs/{id}/membership-plans',
  'OM-- PUT /v1/programs/{id}/membership-plans/{code}',
  'OM-- POST /v1/members/{id}/memberships',
  'OMSA GET /v1/members/{id}/memberships',
  'OMSA GET /v1/memberships/{id}',
  'OM-- POST /v1/memberships/{id}/payments',
  'OM-- POST /v1/memberships/{id}/cancel',
  'OM-- POST /v1/programs/{id}/membership-rewards/run',
  'OM-- POST /v1/rewards',
  'OMSA GET /v1/rewards',
  'OMSA GET /v1/rewards/{id}',
  'OM-- PUT /v1/rewards/{id}',
  'OMSA GET /v1/members/{id}/rewards',
  'OMS- POST /v1/members/{id}/rewards/{rewardId}/redeem',
  'OMSA GET /v1/members/{id}/redemptions',
  'OMSA GET /v1/redemptions/{id}',
  'OMS- POST /v1/redemptions/{id}/cancel',
  'OM-- POST /v1/redemptions/{id}/fulfilment',
  'OM-- POST /v1/segments',
  'OMSA GET /v1/segments',
  'OMSA POST /v1/segments/preview',
  'OMSA GET /v1/segments/{id}',
  'OM-- PUT /v1/segments/{id}',
  'OM-- DELETE /v1/segments/{id}',
  'OM-- POST /v1/segments/{id}/recompute',
  'OMSA GET /v1/segments/{id}/sizes',
  'OM-- POST /v1/segments/{id}/members',
  'OMSA GET /v1/segments/{id}/members',
  'OM-- DELETE /v1/segments/{id}/members/{memberId}',
  'OMSA GET /v1/segments/{id}/members.csv',
  'OMSA GET /v1/members/{id}/segments',
];

test('every authenticated route has an intended answer for each role', async () => {
  const doc = (await ctx.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const expected = new Map(ROUTE_ROLES.map((line) => [line.slice(5), line.slice(0, 4)]));
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const [path, item] of Object.entries(
    doc.paths as Record<string, Record<string, { security?: unknown }>>,
  )) {
    for (const [method, op] of Object.entries(item)) {
      // Public routes skip authentication; member-portal routes refuse console sessions before any role check.
      if (op.security === undefined || path.startsWith('/v1/portal/')) continue;
      const route = `${method.toUpperCase()} ${path}`;
      seen.add(route);
      const roles = expected.get(route);
      if (roles === undefined) {
        missing.push(route);
        continue;
      }
      ADMIN_ROLES.forEach((role, i) => {
        const letter = roles[i] ?? '-';
        assert.equal(roleAllows(role, method, path), letter !== '-', `${role} ${route}`);
        assert.equal(roleNeedsDryRun(role, method, path), /[a-z]/.test(letter), `${role} dry run ${route}`);
        // Fastify spells parameters :id; the answer must not depend on the spelling.
        const fastifyUrl = path.replace(/\{([^}]+)\}/g, ':$1');
        assert.equal(roleAllows(role, method, fastifyUrl), letter !== '-', `${role} ${method} ${fastifyUrl}`);
      });
    }
  }
  assert.deepEqual(missing, [], 'routes without an intended answer per role');
  assert.deepEqual(
    [...expected.keys()].filter((r) => !seen.has(r)),
    [],
    'table entries for routes that do not exist',
  );
  assert.equal(roleAllows('analyst', 'HEAD', '/v1/members'), true, 'HEAD is a read');
});

test('first run: the console needs an owner until one is created, then setup is closed', async () => {
  assert.deepEqual(ok(await req(undefined, 'GET', '/v1/console/setup')), { needsOwner: true });
  const short = problem(
    await req(undefined, 'POST', '/v1/console/setup', { ...OWNER, password: 'short' }),
    400,
    'validation_failed',
  );
  assert.equal(short.errors[0].field, '/password');
  owner = ok(await req(undefined, 'POST', '/v1/console/setup', OWNER), 201);
  assert.match(owner.token, /^tas_[A-Za-z0-9_-]{43}$/);
  assert.equal(owner.user.role, 'owner');
  assert.equal(owner.user.email, 'olga@example.com', 'stored lowercased');
  assert.equal(owner.user.tenantId, ctx.a.tenantId, 'the owner belongs to the default tenant');
  assert.ok(Date.parse(owner.expiresAt) - Date.now() > 11.9 * 3600_000);
  assert.deepEqual(ok(await req(undefined, 'GET', '/v1/console/setup')), { needsOwner: false });
  problem(
    await req(undefined, 'POST', '/v1/console/setup', { ...OWNER, email: 'eve@example.com' }),
    409,
    'owner_exists',
  );
  const me = ok(await req(owner.token, 'GET', '/v1/console/me'));
  assert.equal(me.id, owner.user.id);
  assert.equal(typeof me.lastSignInAt, 'string');
});

test('passwords are stored as scrypt hashes, never as themselves', async () => {
  const row = await ctx.db
    .selectFrom('admin_users')
    .selectAll()
    .where('id', '=', owner.user.id)
    .executeTakeFirstOrThrow();
  assert.match(row.password_hash, /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.ok(!row.password_hash.includes(OWNER.password));
  assert.equal(await verifyPassword(OWNER.password, row.password_hash), true);
  assert.equal(await verifyPassword(`${OWNER.password}!`, row.password_hash), false);
  const stored = await ctx.db
    .selectFrom('admin_sessions')
    .select('secret_hash')
    .where('user_id', '=', owner.user.id)
    .execute();
  assert.ok(stored.length > 0);
  assert.ok(stored.every((s) => s.secret_hash !== owner.token && s.secret_hash.length === 64));
});

test('sign-in: any case of the email works; a wrong password and an unknown email answer the same', async () => {
  const s = await session('OLGA@example.COM', OWNER.password);
  assert.equal(s.user.id, owner.user.id);
  const wrong = problem(await signIn(OWNER.email, 'not the password'), 401, 'invalid_credentials');
  const unknown = problem(await signIn('nobody@example.com', OWNER.password), 401, 'invalid_credentials');
  assert.equal(wrong.detail, unknown.detail);
  assert.equal(wrong.title, unknown.title);
  problem(await signIn('', ''), 400, 'validation_failed');
});

test('ten wrong passwords in a row lock the account for 15 minutes; a success resets the count', async () => {
  const victim = await member('analyst', 'locked@example.com', 'the right password');
  for (let i = 0; i < 9; i++)
    problem(await signIn('locked@example.com', `guess ${i}`), 401, 'invalid_credentials');
  await session('locked@example.com', 'the right password');
  for (let i = 0; i < 9; i++)
    problem(await signIn('locked@example.com', `guess ${i}`), 401, 'invalid_credentials');
  const tenth = await signIn('locked@example.com', 'guess 10');
  const locked = problem(tenth, 429, 'account_locked');
  assert.ok(
    locked.retryAfterSeconds > 14 * 60 && locked.retryAfterSeconds <= 15 * 60,
    JSON.stringify(locked),
  );
  assert.equal(tenth.headers['retry-after'], String(locked.retryAfterSeconds));
  problem(await signIn('locked@example.com', 'the right password'), 429, 'account_locked');
  // The session opened before the lockout is not affected; the lock only stops new sign-ins.
  ok(await req(victim.token, 'GET', '/v1/console/me'));
  await ctx.db
    .updateTable('admin_users')
    .set({ locked_until: new Date(Date.now() - 1000) })
    .where('id', '=', victim.user.id)
    .execute();
  await session('locked@example.com', 'the right password');
  const audit = ok(
    await req(owner.token, 'GET', `/v1/audit-log?action=admin_user.locked&subjectId=${victim.user.id}`),
  );
  assert.equal(audit.items.length, 1);
});

test('a console session works on the API, acts as the user in the audit trail, and is refused where it must be', async () => {
  const created = ok(await req(owner.token, 'POST', '/v1/members', { firstName: 'Via console' }), 201);
  ok(await req(owner.token, 'GET', `/v1/members/${created.id}`));
  const adj = ok(
    await req(owner.token, 'POST', `/v1/members/${created.id}/points/adjustments`, {
      amount: 5,
      reasonCode: 'goodwill',
    }),
    201,
  );
  const journal = await ctx.db
    .selectFrom('ledger_journals')
    .select('actor')
    .where('id', '=', adj.id)
    .executeTakeFirst();
  assert.equal(journal?.actor, `admin:${owner.user.id}`);
  // API keys cannot use console-only routes; the console's identity is a person, not an integration.
  problem(await req(ctx.a.key, 'GET', '/v1/console/me'), 403, 'admin_session_required');
  problem(await req(ctx.a.key, 'GET', '/v1/admin-users'), 403, 'admin_session_required');
  problem(await req('tas_forged', 'GET', '/v1/members'), 401, 'invalid_session');
  // Tenant isolation: the console user sees only their own tenant.
  const other = ok(await req(ctx.b.key, 'POST', '/v1/members', { firstName: 'Other tenant' }), 201);
  problem(await req(owner.token, 'GET', `/v1/members/${other.id}`), 404, 'member_not_found');
});

test('expired, signed-out and disabled sessions are refused', async () => {
  const expired = await session(OWNER.email, OWNER.password);
  await ctx.db
    .updateTable('admin_sessions')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('secret_hash', '=', hashSecret(expired.token))
    .execute();
  problem(await req(expired.token, 'GET', '/v1/members'), 401, 'invalid_session');

  const out = await session(OWNER.email, OWNER.password);
  ok(await req(out.token, 'GET', '/v1/console/me'));
  assert.equal((await req(out.token, 'DELETE', '/v1/console/sessions/current')).statusCode, 204);
  problem(await req(out.token, 'GET', '/v1/console/me'), 401, 'invalid_session');
  ok(await req(owner.token, 'GET', '/v1/console/me'), 200);

  const temp = await member('support', 'temp@example.com');
  ok(await req(temp.token, 'GET', '/v1/members'));
  const disabled = ok(await req(owner.token, 'PATCH', `/v1/admin-users/${temp.user.id}`, { disabled: true }));
  assert.equal(disabled.disabled, true);
  problem(await req(temp.token, 'GET', '/v1/members'), 401, 'invalid_session');
  problem(await signIn('temp@example.com', 'another long secret'), 401, 'invalid_credentials');
  ok(await req(owner.token, 'PATCH', `/v1/admin-users/${temp.user.id}`, { disabled: false }));
  problem(await req(temp.token, 'GET', '/v1/members'), 401, 'invalid_session');
  await session('temp@example.com', 'another long secret');
});

test('each role reaches what it may and is refused the rest with role_not_allowed', async () => {
  const marketer = await member('marketer', 'mia@example.com');
  const support = await member('support', 'sam@example.com');
  const analyst = await member('analyst', 'ann@example.com');
  const m = ok(
    await req(owner.token, 'POST', '/v1/members', { firstName: 'Role', email: 'role@example.com' }),
    201,
  );
  const denied = async (token: string, method: string, url: string, body?: unknown) =>
    problem(await req(token, method, url, body), 403, 'role_not_allowed');

  // Analyst: reads and computations, no writes.
  ok(await req(analyst.token, 'GET', '/v1/members'));
  await denied(analyst.token, 'POST', '/v1/members', { firstName: 'Nope' });
  const preview = {
    programId: ctx.a.program.id,
    condition: { kind: 'attribute', key: 'shoeSize', op: 'gte', value: 44 },
  };
  ok(await req(analyst.token, 'POST', '/v1/segments/preview', preview));
  const purchase = {
    externalId: 'ROLE-1',
    memberId: m.id,
    occurredAt: new Date().toISOString(),
    currency: 'EUR',
    lines: [{ sku: 'A', quantity: 1, unitPrice: 1000 }],
  };
  ok(await req(analyst.token, 'POST', '/v1/transactions?dryRun=true', purchase));
  await denied(analyst.token, 'POST', '/v1/transactions', purchase);
  await denied(analyst.token, 'POST', '/v1/transactions?dryRun=false', purchase);
  await denied(analyst.token, 'GET', '/v1/api-keys');

  // Support: member care, but no campaigns and no dry-run-only writes for real.
  ok(
    await req(support.token, 'POST', `/v1/members/${m.id}/points/adjustments`, {
      amount: 10,
      reasonCode: 'goodwill',
    }),
    201,
  );
  ok(await req(support.token, 'PATCH', `/v1/members/${m.id}`, { lastName: 'Updated' }));
  await denied(support.token, 'POST', '/v1/campaigns', { name: 'Nope', rules: [] });
  await denied(support.token, 'DELETE', `/v1/members/${m.id}`);
  await denied(support.token, 'POST', '/v1/transactions', purchase);

  // Marketer: everything but API keys, webhooks and console users.
  const campaign = {
    name: 'Marketer campaign',
    rules: [
      { key: 'r', name: 'R', trigger: { type: 'purchase' }, effects: [{ kind: 'points_fixed', points: 1 }] },
    ],
  };
  ok(await req(marketer.token, 'POST', '/v1/campaigns', campaign), 201);
  await denied(marketer.token, 'GET', '/v1/api-keys');
  await denied(marketer.token, 'GET', '/v1/webhooks');
  await denied(marketer.token, 'GET', '/v1/admin-users');
  await denied(marketer.token, 'PATCH', `/v1/admin-users/${marketer.user.id}`, { role: 'owner' });

  // Owner: everything.
  ok(await req(owner.token, 'GET', '/v1/api-keys'));
  ok(await req(owner.token, 'GET', '/v1/webhooks'));
  ok(await req(owner.token, 'GET', '/v1/admin-users'));

  // Everyone: their own account and sign-out.
  for (const s of [marketer, support, analyst]) {
    assert.equal(ok(await req(s.token, 'GET', '/v1/console/me')).id, s.user.id);
  }

  // A new role applies to live sessions at once.
  ok(await req(owner.token, 'PATCH', `/v1/admin-users/${analyst.user.id}`, { role: 'marketer' }));
  ok(await req(analyst.token, 'POST', '/v1/members', { firstName: 'Promoted' }), 201);
});

test('console users: create, list, change, delete; the last enabled owner is protected', async () => {
  const body = { email: 'dup@example.com', name: 'Dup', role: 'analyst', password: 'long enough pw' };
  const dup = ok(await req(owner.token, 'POST', '/v1/admin-users', body), 201);
  const again = problem(
    await req(owner.token, 'POST', '/v1/admin-users', { ...body, email: 'DUP@example.com' }),
    409,
    'email_taken',
  );
  assert.equal(again.errors[0].field, '/email');
  const weak = problem(
    await req(owner.token, 'POST', '/v1/admin-users', { ...body, email: 'w@example.com', password: 'x' }),
    400,
    'validation_failed',
  );
  assert.equal(weak.errors[0].field, '/password');
  problem(
    await req(owner.token, 'POST', '/v1/admin-users', { ...body, role: 'root' }),
    400,
    'validation_failed',
  );

  const list = ok(await req(owner.token, 'GET', '/v1/admin-users')).data as { id: string; email: string }[];
  assert.ok(list.some((u) => u.id === dup.id));
  assert.ok(list.every((u) => !('passwordHash' in u)));

  // The only owner can neither demote, disable nor delete themself.
  problem(
    await req(owner.token, 'PATCH', `/v1/admin-users/${owner.user.id}`, { role: 'marketer' }),
    409,
    'last_owner',
  );
  problem(
    await req(owner.token, 'PATCH', `/v1/admin-users/${owner.user.id}`, { disabled: true }),
    409,
    'last_owner',
  );
  problem(await req(owner.token, 'DELETE', `/v1/admin-users/${owner.user.id}`), 409, 'last_owner');
  ok(await req(owner.token, 'PATCH', `/v1/admin-users/${owner.user.id}`, { name: 'Olga O.' }));

  // With a second owner, the first may step down; the second is then the last.
  const second = await member('owner', 'otto@example.com');
  ok(await req(second.token, 'PATCH', `/v1/admin-users/${owner.user.id}`, { role: 'marketer' }));
  problem(await req(second.token, 'DELETE', `/v1/admin-users/${second.user.id}`), 409, 'last_owner');
  problem(await req(owner.token, 'GET', '/v1/admin-users'), 403, 'role_not_allowed');
  ok(await req(second.token, 'PATCH', `/v1/admin-users/${owner.user.id}`, { role: 'owner' }));

  // Deleting a user ends their sessions; a new password signs them out everywhere.
  const gone = await session('dup@example.com', 'long enough pw');
  assert.equal((await req(owner.token, 'DELETE', `/v1/admin-users/${dup.id}`)).statusCode, 204);
  problem(await req(gone.token, 'GET', '/v1/console/me'), 401, 'invalid_session');
  problem(await req(owner.token, 'DELETE', `/v1/admin-users/${dup.id}`), 404, 'admin_user_not_found');
  ok(
    await req(owner.token, 'PATCH', `/v1/admin-users/${second.user.id}`, {
      password: 'a brand new password',
    }),
  );
  problem(await req(second.token, 'GET', '/v1/console/me'), 401, 'invalid_session');
  await session('otto@example.com', 'a brand new password');

  // Another tenant's users are invisible.
  problem(
    await req(owner.token, 'PATCH', `/v1/admin-users/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}`, {
      name: 'x',
    }),
    404,
    'admin_user_not_found',
  );
});

test('the demo seed creates a demo owner whose printed credentials sign in to the demo tenant', async () => {
  const demo = await seedDemo(ctx.db, { members: 0, history: false });
  assert.equal(demo.owner.email, 'owner@demo.tessera.dev');
  assert.equal(demo.owner.password.length, 16);
  const s = await session(demo.owner.email, demo.owner.password);
  assert.equal(s.user.role, 'owner');
  assert.equal(s.user.tenantId, demo.tenantId);
  ok(await req(s.token, 'GET', '/v1/members'));
  // Running it again issues a new password: the old one stops working, the new one signs in.
  const rerun = await seedDemo(ctx.db, { members: 0, history: false });
  assert.notEqual(rerun.owner.password, demo.owner.password);
  problem(await signIn(demo.owner.email, demo.owner.password), 401, 'invalid_credentials');
  await session(rerun.owner.email, rerun.owner.password);
  // The demo tenant's owner does not count as the default tenant's: setup stays a matter of the default tenant.
  assert.deepEqual(ok(await req(undefined, 'GET', '/v1/console/setup')), { needsOwner: false });
});
