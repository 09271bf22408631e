import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/** The audit log API: console user changes recorded with their actor, filters, names, keyset pagination. */
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

interface Item {
  id: string;
  actor: string;
  actorName?: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  createdAt: string;
}
interface Page {
  items: Item[];
  nextBefore: string | null;
}

const OWNER = { email: 'root@example.com', name: 'Rita Root', password: 'a long owner password' };
let owner: { token: string; user: { id: string } };

const page = async (token: string, query: string): Promise<Page> =>
  ok(await req(token, 'GET', `/v1/audit-log?${query}`));

test('two simultaneous setups create one owner; the other is refused', async () => {
  const attempts = await Promise.all([
    req(undefined, 'POST', '/v1/console/setup', OWNER),
    // Same name, another email: whichever wins, the later tests read the same actor name.
    req(undefined, 'POST', '/v1/console/setup', { ...OWNER, email: 'rival@example.com' }),
  ]);
  const statuses = attempts.map((r) => r.statusCode).sort();
  assert.deepEqual(statuses, [201, 409], attempts.map((r) => r.body).join('\n'));
  owner = attempts.find((r) => r.statusCode === 201)?.json() ?? assert.fail('no setup succeeded');
  const users = await ctx.db.selectFrom('admin_users').select('email').execute();
  assert.equal(users.length, 1);
});

test('console user changes are listed newest first with who made them, filtered and paged', async () => {
  const me = owner.user.id;
  const made: string[] = [];
  for (const role of ['marketer', 'support', 'analyst']) {
    const body = { email: `${role}@example.com`, name: `${role} person`, role, password: 'long enough pw' };
    made.push(ok(await req(owner.token, 'POST', '/v1/admin-users', body), 201).id);
  }
  ok(await req(owner.token, 'PATCH', `/v1/admin-users/${made[0]}`, { role: 'analyst', name: 'Renamed' }));
  assert.equal((await req(owner.token, 'DELETE', `/v1/admin-users/${made[1]}`)).statusCode, 204);

  const all = await page(owner.token, 'subjectType=admin_user&limit=200');
  assert.deepEqual(
    all.items.map((i) => i.action),
    [
      'admin_user.deleted',
      'admin_user.updated',
      'admin_user.created',
      'admin_user.created',
      'admin_user.created',
      'admin_user.created',
    ],
  );
  assert.equal(all.nextBefore, null);
  const [deleted, updated] = all.items;
  assert.equal(deleted?.subjectId, made[1]);
  assert.deepEqual(deleted?.details, {
    email: 'support@example.com',
    name: 'support person',
    role: 'support',
  });
  assert.deepEqual(updated?.details, {
    name: { from: 'marketer person', to: 'Renamed' },
    role: { from: 'marketer', to: 'analyst' },
  });
  for (const item of all.items) {
    assert.equal(item.actor, `admin:${me}`);
    assert.equal(item.actorName, 'Rita Root');
    assert.ok(!JSON.stringify(item.details).includes('long enough pw'), 'no password in the trail');
  }
  const setup = all.items.at(-1);
  assert.equal(setup?.subjectId, me, 'the first owner created itself');

  const byAction = await page(owner.token, 'action=admin_user.created');
  assert.equal(byAction.items.length, 4);
  const bySubject = await page(owner.token, `subjectType=admin_user&subjectId=${made[0]}`);
  assert.deepEqual(
    bySubject.items.map((i) => i.action),
    ['admin_user.updated', 'admin_user.created'],
  );
  assert.equal((await page(owner.token, `actor=admin:${made[2]}`)).items.length, 0);

  // Keyset pages: disjoint, in order, ending with nextBefore null.
  const seen: string[] = [];
  let before: string | null = null;
  let pages = 0;
  do {
    const p: Page = await page(
      owner.token,
      `subjectType=admin_user&limit=4${before ? `&before=${before}` : ''}`,
    );
    seen.push(...p.items.map((i) => i.id));
    before = p.nextBefore;
    pages++;
  } while (before !== null);
  assert.equal(pages, 2);
  assert.deepEqual(
    seen,
    all.items.map((i) => i.id),
  );
});

test('other actors appear without a name; a deleted console user keeps their actions but loses the name', async () => {
  const m = ok(await req(ctx.a.key, 'POST', '/v1/members', { firstName: 'Audited' }), 201);
  const dup = ok(await req(ctx.a.key, 'POST', '/v1/members', { firstName: 'Duplicate' }), 201);
  ok(await req(ctx.a.key, 'POST', `/v1/members/${m.id}/merge`, { duplicateId: dup.id }));
  const merges = await page(owner.token, `subjectType=member&subjectId=${m.id}`);
  assert.ok(merges.items.length >= 1, JSON.stringify(merges));
  assert.match(merges.items[0]?.actor ?? '', /^api-key:/);
  assert.equal(merges.items[0]?.actorName, undefined);

  const body = {
    email: 'temp-owner@example.com',
    name: 'Temp Owner',
    role: 'owner',
    password: 'long enough pw',
  };
  const temp = ok(await req(owner.token, 'POST', '/v1/admin-users', body), 201);
  const session = ok(
    await req(undefined, 'POST', '/v1/console/sessions', { email: body.email, password: body.password }),
    201,
  );
  ok(await req(session.token, 'PATCH', `/v1/admin-users/${owner.user.id}`, { name: 'Rita R.' }));
  const before = await page(owner.token, `actor=admin:${temp.id}`);
  assert.equal(before.items[0]?.actorName, 'Temp Owner');
  assert.equal((await req(owner.token, 'DELETE', `/v1/admin-users/${temp.id}`)).statusCode, 204);
  const afterDelete = await page(owner.token, `actor=admin:${temp.id}`);
  assert.equal(afterDelete.items.length, 1);
  assert.equal(afterDelete.items[0]?.actorName, undefined);
  const renamed = await page(owner.token, 'action=admin_user.deleted&limit=1');
  assert.equal(renamed.items[0]?.actorName, 'Rita R.', 'names are current, not copied');
});

test('the audit log is per tenant, readable by every role, and validates its query', async () => {
  const other = await page(ctx.b.key, 'limit=200');
  assert.equal(other.items.length, 0, "tenant B sees none of tenant A's trail");
  const body = { email: 'reader@example.com', name: 'Reader', role: 'analyst', password: 'long enough pw' };
  ok(await req(owner.token, 'POST', '/v1/admin-users', body), 201);
  const analyst = ok(
    await req(undefined, 'POST', '/v1/console/sessions', { email: body.email, password: body.password }),
    201,
  );
  assert.ok((await page(analyst.token, 'limit=5')).items.length === 5);
  for (const bad of ['before=nope', 'limit=0', 'limit=201', 'unknown=1']) {
    const res = await req(owner.token, 'GET', `/v1/audit-log?${bad}`);
    assert.equal(res.statusCode, 400, `${bad}: ${res.body}`);
  }
});
