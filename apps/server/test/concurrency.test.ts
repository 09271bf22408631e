import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { purgeExpiredKeys, RETENTION_HOURS } from '../src/modules/idempotency/idempotency.service.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

type Method = 'POST' | 'PATCH' | 'DELETE';
const send = (method: Method, url: string, body?: object, key?: string, apiKey = ctx.a.key) =>
  call(ctx.app, apiKey, method, url, body, key === undefined ? {} : { 'idempotency-key': key });
const enrol = (body: object, key?: string, apiKey?: string) => send('POST', '/v1/members', body, key, apiKey);
const times = <T>(n: number, fn: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => fn(i)));
const replayed = (res: { headers: Record<string, unknown> }) => res.headers['idempotent-replayed'] === 'true';

async function memberId(body: object): Promise<string> {
  const res = await enrol(body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}
async function storedKeys(key: string): Promise<number> {
  const rows = await ctx.db.selectFrom('idempotency_keys').select('key').where('key', '=', key).execute();
  return rows.length;
}

/** All responses equal the first, byte for byte; exactly one was executed and the rest are marked as replays. */
function assertOneExecution(
  responses: { statusCode: number; body: string; headers: Record<string, unknown> }[],
) {
  const [first] = responses;
  assert.ok(first);
  for (const res of responses) {
    assert.equal(res.statusCode, first.statusCode, res.body);
    assert.equal(res.body, first.body);
  }
  assert.equal(responses.filter((r) => !replayed(r)).length, 1, 'exactly one execution');
}

describe('concurrent writes', () => {
  test('20 concurrent enrolments with one email create exactly one member', async () => {
    const before = await countRows(ctx.db, 'members');
    const spellings = ['race@example.com', 'Race@Example.com', 'RACE@EXAMPLE.COM'];
    const responses = await times(20, (i) => enrol({ firstName: `Racer ${i}`, email: spellings[i % 3] }));
    const created = responses.filter((r) => r.statusCode === 201);
    assert.equal(created.length, 1, responses.map((r) => r.statusCode).join(','));
    const id = created[0]?.json().id;
    const conflicts = responses.filter((r) => r.statusCode === 409);
    assert.equal(conflicts.length, 19);
    for (const res of conflicts) {
      assert.equal(res.json().code, 'identity_taken');
      assert.equal(res.json().existingMemberId, id);
    }
    assert.equal(await countRows(ctx.db, 'members'), before + 1);
    const rows = await ctx.db
      .selectFrom('member_identities')
      .selectAll()
      .where('value', '=', 'race@example.com')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.member_id),
      [id],
    );
  });

  test('enrolments naming the same identities in opposite orders conflict cleanly, without deadlock', async () => {
    const card = { type: 'card', value: 'RACE0001' };
    const external = { type: 'external', value: 'shop:race-1' };
    const responses = await times(20, (i) =>
      enrol({ identities: i % 2 ? [card, external] : [external, card] }),
    );
    const statuses = responses.map((r) => r.statusCode);
    assert.equal(statuses.filter((s) => s === 201).length, 1, statuses.join(','));
    assert.equal(statuses.filter((s) => s === 409).length, 19, statuses.join(','));
  });

  test('identities attached while a member is being deleted do not survive the deletion', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await memberId({ email: `erased${round}@example.com` });
      const attach = (i: number) =>
        send('POST', `/v1/members/${id}/identities`, { type: 'external', value: `e:${round}-${i}` });
      const responses = await Promise.all([
        ...Array.from({ length: 6 }, (_, i) => attach(i)),
        send('DELETE', `/v1/members/${id}`),
        ...Array.from({ length: 6 }, () => send('POST', `/v1/members/${id}/cards`)),
      ]);
      for (const res of responses) assert.ok([200, 201, 409].includes(res.statusCode), res.body);
      const left = await ctx.db
        .selectFrom('member_identities')
        .select('value')
        .where('member_id', '=', id)
        .execute();
      assert.deepEqual(left, [], 'a deleted member holds no identities');
    }
  });

  test('20 concurrent consent changes on one member lose no update', async () => {
    const id = await memberId({ firstName: 'Locked' });
    const kinds = ['marketingEmail', 'sms', 'push', 'profiling'];
    const responses = await times(20, (i) =>
      send('PATCH', `/v1/members/${id}`, {
        consents: { [String(kinds[i % 4])]: { granted: true, source: `s${i}` } },
      }),
    );
    for (const res of responses) assert.equal(res.statusCode, 200, res.body);
    const member = (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${id}`)).json();
    assert.deepEqual(Object.keys(member.consents).sort(), [...kinds].sort());
  });
});

describe('Idempotency-Key', () => {
  test('20 concurrent requests with one key create one member and get identical responses', async () => {
    const members = await countRows(ctx.db, 'members');
    const body = { firstName: 'Once', email: 'once@example.com', attributes: { vip: true, shoeSize: 40 } };
    const responses = await times(20, () => enrol(body, 'enrol-once'));
    assert.equal(responses[0]?.statusCode, 201, responses[0]?.body);
    assertOneExecution(responses);
    assert.equal(responses.filter(replayed).length, 19);
    assert.deepEqual(
      responses.map((r) => r.json()),
      responses.map(() => responses[0]?.json()),
    );
    assert.equal(await countRows(ctx.db, 'members'), members + 1);
    assert.equal(await storedKeys('enrol-once'), 1);

    const later = await enrol(body, 'enrol-once');
    assert.equal(later.statusCode, 201);
    assert.ok(replayed(later));
    assert.equal(later.body, responses[0]?.body);
    assert.equal(await countRows(ctx.db, 'members'), members + 1);
  });

  test('a key reused with a different request is 422 idempotency_key_reused', async () => {
    const first = await enrol({ email: 'reuse@example.com' }, 'reused-key');
    assert.equal(first.statusCode, 201);
    const members = await countRows(ctx.db, 'members');
    for (const res of [
      await enrol({ email: 'other@example.com' }, 'reused-key'),
      await send('PATCH', `/v1/members/${first.json().id}`, { firstName: 'X' }, 'reused-key'),
    ]) {
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().code, 'idempotency_key_reused');
      assert.equal(replayed(res), false);
    }
    assert.equal(await countRows(ctx.db, 'members'), members);
    assert.equal(
      (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${first.json().id}`)).json().firstName,
      null,
    );
    // Keys belong to a tenant: another tenant's identical key is a new request.
    const other = await enrol({ email: 'reuse@example.com' }, 'reused-key', ctx.b.key);
    assert.equal(other.statusCode, 201);
    assert.equal(replayed(other), false);
    assert.notEqual(other.json().id, first.json().id);
  });

  test('the same body with its fields in another order is the same request', async () => {
    const a = await enrol({ firstName: 'Ord', lastName: 'Er', email: 'order@example.com' }, 'order-key');
    const b = await enrol({ email: 'order@example.com', lastName: 'Er', firstName: 'Ord' }, 'order-key');
    assert.equal(a.statusCode, 201);
    assert.equal(b.statusCode, 201, b.body);
    assert.equal(replayed(b), true);
    assert.equal(b.body, a.body);
  });

  test('a failed write stores nothing, so the key can be used for the corrected request', async () => {
    const bad = await enrol({ email: 'retry@example.com', phone: '12345' }, 'retry-key');
    assert.equal(bad.statusCode, 400);
    assert.equal(await storedKeys('retry-key'), 0);
    const badAgain = await enrol({ email: 'retry@example.com', phone: '12345' }, 'retry-key');
    assert.equal(badAgain.statusCode, 400);
    assert.equal(replayed(badAgain), false);
    const taken = await enrol({ email: 'once@example.com' }, 'retry-key');
    assert.equal(taken.statusCode, 409);
    assert.equal(await storedKeys('retry-key'), 0);

    const fixed = await enrol({ email: 'retry@example.com', phone: '0151 12345678' }, 'retry-key');
    assert.equal(fixed.statusCode, 201, fixed.body);
    assert.equal(replayed(fixed), false);
    assert.equal(await storedKeys('retry-key'), 1);
    const replay = await enrol({ email: 'retry@example.com', phone: '0151 12345678' }, 'retry-key');
    assert.ok(replayed(replay));
    assert.equal(replay.body, fixed.body);
    assert.equal((await enrol({ email: 'retry@example.com', phone: '12345' }, 'retry-key')).statusCode, 422);
  });

  test('a key longer than 255 characters is rejected', async () => {
    const keys = await countRows(ctx.db, 'idempotency_keys');
    const res = await enrol({ email: 'long-key@example.com' }, 'k'.repeat(256));
    assert.equal(res.statusCode, 400);
    assert.equal(await countRows(ctx.db, 'idempotency_keys'), keys);
    assert.equal((await enrol({ email: 'long-key@example.com' }, 'k'.repeat(255))).statusCode, 201);
  });

  test('PATCH with a key is applied once and replays the stored response', async () => {
    const id = await memberId({ firstName: 'Before' });
    const url = `/v1/members/${id}`;
    const responses = await times(20, () => send('PATCH', url, { firstName: 'Patched' }, 'patch-key'));
    assert.equal(responses[0]?.statusCode, 200);
    assertOneExecution(responses);
    assert.equal((await send('PATCH', url, { firstName: 'Newer' })).statusCode, 200);
    const replay = await send('PATCH', url, { firstName: 'Patched' }, 'patch-key');
    assert.ok(replayed(replay));
    assert.equal(replay.json().firstName, 'Patched', 'the stored response, not a re-execution');
    assert.equal((await call(ctx.app, ctx.a.key, 'GET', url)).json().firstName, 'Newer');
  });

  test('DELETE, card issuance and identity detach with a key run once', async () => {
    const id = await memberId({ email: 'cards@example.com' });
    const cards = await times(10, () => send('POST', `/v1/members/${id}/cards`, undefined, 'card-key'));
    assert.equal(cards[0]?.statusCode, 201, cards[0]?.body);
    assertOneExecution(cards);
    const member = (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${id}`)).json();
    const held = member.identities.filter((i: { type: string }) => i.type === 'card');
    assert.deepEqual(
      held.map((i: { value: string }) => i.value),
      [cards[0]?.json().value],
    );

    const detachUrl = `/v1/members/${id}/identities/${held[0].id}`;
    const detached = await times(5, () => send('DELETE', detachUrl, undefined, 'detach-key'));
    assert.equal(detached[0]?.statusCode, 204);
    assertOneExecution(detached);

    const deletes = await times(10, () => send('DELETE', `/v1/members/${id}`, undefined, 'delete-key'));
    assert.equal(deletes[0]?.statusCode, 200);
    assert.equal(deletes[0]?.json().status, 'deleted');
    assertOneExecution(deletes);
    const replay = await send('DELETE', `/v1/members/${id}`, undefined, 'delete-key');
    assert.ok(replayed(replay));
    assert.equal(replay.body, deletes[0]?.body);
  });
});

describe('purgeExpiredKeys', () => {
  test('deletes keys older than the retention and keeps younger ones', async () => {
    for (const key of ['purge-old-1', 'purge-old-2', 'purge-young']) {
      assert.equal((await enrol({ firstName: key }, key)).statusCode, 201);
    }
    const age = (key: string, hours: number) =>
      ctx.db
        .updateTable('idempotency_keys')
        .set({ created_at: sql<Date>`now() - make_interval(hours => ${hours})` })
        .where('key', '=', key)
        .execute();
    await age('purge-old-1', RETENTION_HOURS + 1);
    await age('purge-old-2', 24 * 30);
    await age('purge-young', RETENTION_HOURS - 1);
    const total = await countRows(ctx.db, 'idempotency_keys');

    assert.equal(await purgeExpiredKeys(ctx.db), 2);
    assert.equal(await countRows(ctx.db, 'idempotency_keys'), total - 2);
    assert.equal(await storedKeys('purge-old-1'), 0);
    assert.equal(await storedKeys('purge-old-2'), 0);
    assert.equal(await storedKeys('purge-young'), 1);
    assert.equal(await purgeExpiredKeys(ctx.db), 0);

    // A purged key is forgotten: a new request with it executes; the young one still replays.
    const reused = await enrol({ firstName: 'new request' }, 'purge-old-1');
    assert.equal(reused.statusCode, 201);
    assert.equal(replayed(reused), false);
    assert.equal((await enrol({ firstName: 'other' }, 'purge-young')).statusCode, 422);
  });
});
