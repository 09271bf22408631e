import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  generateCardNumber,
  isLuhnValid,
  luhnCheckDigit,
  normalizeEmail,
  normalizeIdentity,
  normalizePhone,
} from '../src/modules/members/identity.normalize.js';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

interface Identity {
  id: string;
  type: string;
  value: string;
  createdAt: string;
}

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

async function enrol(body: object = {}, key = ctx.a.key): Promise<string> {
  const res = await call(ctx.app, key, 'POST', '/v1/members', body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}
const attach = (memberId: string, type: string, value: string, key = ctx.a.key) =>
  call(ctx.app, key, 'POST', `/v1/members/${memberId}/identities`, { type, value });
const detach = (memberId: string, identityId: string) =>
  call(ctx.app, ctx.a.key, 'DELETE', `/v1/members/${memberId}/identities/${identityId}`);
function lookup(type: string, value: string, key = ctx.a.key, programId?: string) {
  const qs = new URLSearchParams({ type, value, ...(programId ? { programId } : {}) });
  return call(ctx.app, key, 'GET', `/v1/members/lookup?${qs}`);
}
async function foundId(type: string, value: string, key = ctx.a.key, programId?: string) {
  const res = await lookup(type, value, key, programId);
  assert.equal(res.statusCode, 200, `${type} ${value}: ${res.body}`);
  return res.json().id as string;
}

describe('attaching and looking up identities', () => {
  let memberId: string;
  const attached: Record<string, Identity> = {};

  before(async () => {
    memberId = await enrol({ firstName: 'Jane', email: 'jane@example.com' });
  });

  test('each identity type is normalised when attached', async () => {
    const cases: [string, string, string, string][] = [
      ['email2', 'email', '  Second.Address@Example.COM ', 'second.address@example.com'],
      ['phone', 'phone', '0151 12345678', '+4915112345678'],
      ['card', 'card', '1234-5678 9012 ab', '123456789012AB'],
      ['shopify', 'external', 'Shopify:8123', 'shopify:8123'],
      ['pos', 'external', 'pos:store-12:cust-99', 'pos:store-12:cust-99'],
      ['social', 'social', 'Instagram:@Jane', 'instagram:jane'],
    ];
    for (const [name, type, raw, normalised] of cases) {
      const res = await attach(memberId, type, raw);
      assert.equal(res.statusCode, 201, `${type} ${raw}: ${res.body}`);
      const identity = res.json<Identity>();
      assert.equal(identity.type, type);
      assert.equal(identity.value, normalised);
      attached[name] = identity;
    }
    const member = (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${memberId}`)).json();
    assert.equal(member.identities.length, 7);
    assert.equal(
      member.email,
      'jane@example.com',
      'an extra email identity does not replace the profile email',
    );
  });

  test('lookup finds the member by any equivalent form of each identity', async () => {
    const forms: [string, string][] = [
      ['email', 'JANE@example.com'],
      ['email', 'second.address@EXAMPLE.com'],
      ['phone', '+49 151 1234 5678'],
      ['phone', '0049 (151) 12345678'],
      ['card', '1234 5678 9012 AB'],
      ['card', '123456789012ab'],
      ['external', 'SHOPIFY:8123'],
      ['external', ' pos:store-12:cust-99 '],
      ['social', 'instagram:jane'],
      ['social', 'INSTAGRAM:@JANE'],
    ];
    for (const [type, value] of forms) assert.equal(await foundId(type, value), memberId, `${type} ${value}`);
  });

  test('the id part of an external id keeps its case; unknown values are 404', async () => {
    assert.equal((await attach(memberId, 'external', 'crm:AbC-1')).json().value, 'crm:AbC-1');
    const res = await lookup('external', 'crm:abc-1');
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'member_not_found');
    assert.equal((await lookup('email', 'nobody@example.com')).statusCode, 404);
    assert.equal((await lookup('card', '999999')).statusCode, 404);
  });

  test('invalid values and queries are 400', async () => {
    for (const [type, value] of [
      ['external', 'no-colon-here'],
      ['social', 'instagram:@'],
      ['card', 'ab1'],
      ['phone', '123'],
      ['email', 'jane@localhost'],
    ] as const) {
      const res = await attach(memberId, type, value);
      assert.equal(res.statusCode, 400, `${type} ${value}`);
      assert.equal(res.json().errors[0].field, '/value');
      assert.equal((await lookup(type, value)).statusCode, 400, `lookup ${type} ${value}`);
    }
    assert.equal((await attach(memberId, 'passport', 'X123')).statusCode, 400);
    assert.equal((await call(ctx.app, ctx.a.key, 'GET', '/v1/members/lookup?type=email')).statusCode, 400);
  });

  test('an identity belongs to one member per program: 409 identity_taken names the holder', async () => {
    const other = await enrol({ firstName: 'Other' });
    for (const [type, value] of [
      ['external', 'shopify:8123'],
      ['social', 'instagram:@JANE'],
      ['email', 'Jane@Example.com'],
      ['phone', '+4915112345678'],
    ] as const) {
      const res = await attach(other, type, value);
      assert.equal(res.statusCode, 409, `${type} ${value}`);
      assert.equal(res.json().code, 'identity_taken');
      assert.equal(res.json().existingMemberId, memberId);
    }
    const before = await countRows(ctx.db, 'members');
    const res = await call(ctx.app, ctx.a.key, 'POST', '/v1/members', {
      email: 'fresh@example.com',
      identities: [{ type: 'card', value: '123456789012AB' }],
    });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().existingMemberId, memberId);
    assert.equal(await countRows(ctx.db, 'members'), before, 'the rejected enrolment rolled back');
    assert.equal((await lookup('email', 'fresh@example.com')).statusCode, 404);
    // Re-attaching an identity the member already holds is harmless and returns the existing one.
    const again = await attach(memberId, 'external', 'Shopify:8123');
    assert.equal(again.statusCode, 201);
    assert.equal(again.json().id, attached.shopify?.id);
  });

  test('the same value is free in another program and in another tenant', async () => {
    const res = await call(ctx.app, ctx.a.key, 'POST', '/v1/programs', {
      slug: 'second',
      name: 'Second program',
      currency: 'EUR',
      timezone: 'Europe/Berlin',
      defaultCountry: 'DE',
    });
    assert.equal(res.statusCode, 201, res.body);
    const programId = res.json().id;
    const inSecond = await enrol({ programId, email: 'jane@example.com' });
    assert.equal((await attach(inSecond, 'external', 'shopify:8123')).statusCode, 201);
    const inB = await enrol({ email: 'jane@example.com' }, ctx.b.key);
    assert.equal((await attach(inB, 'external', 'shopify:8123', ctx.b.key)).statusCode, 201);
    assert.equal(await foundId('external', 'shopify:8123'), memberId);
    assert.equal(await foundId('external', 'shopify:8123', ctx.a.key, programId), inSecond);
    assert.equal(await foundId('email', 'jane@example.com', ctx.b.key), inB);
    // Tenant B cannot touch tenant A's member.
    assert.equal((await attach(memberId, 'external', 'b:1', ctx.b.key)).statusCode, 404);
  });

  test('a detached identity no longer finds the member and is free again', async () => {
    const social = attached.social;
    assert.ok(social);
    const other = await enrol({ firstName: 'Later' });
    assert.equal((await detach(other, social.id)).statusCode, 404, "another member's identity");
    const res = await detach(memberId, social.id);
    assert.equal(res.statusCode, 204);
    assert.equal(res.body, '');
    assert.equal((await lookup('social', 'instagram:jane')).statusCode, 404);
    const twice = await detach(memberId, social.id);
    assert.equal(twice.statusCode, 404);
    assert.equal(twice.json().code, 'identity_not_found');
    assert.equal((await attach(other, 'social', 'instagram:jane')).statusCode, 201);
    assert.equal(await foundId('social', 'Instagram:@Jane'), other);
  });

  test('detaching the identity behind the profile email clears the profile email', async () => {
    const id = await enrol({ email: 'mirror@example.com' });
    const member = (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${id}`)).json();
    const email = member.identities.find((i: { type: string }) => i.type === 'email');
    assert.equal((await detach(id, email.id)).statusCode, 204);
    assert.equal((await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${id}`)).json().email, null);
    const other = await enrol({ email: 'mirror@example.com' });
    assert.notEqual(other, id);
  });
});

describe('POST /v1/members/:id/cards', () => {
  test('issues a 16-digit Luhn-valid number starting with 9 that works for lookup', async () => {
    const memberId = await enrol({ firstName: 'Card holder' });
    const numbers = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const res = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${memberId}/cards`);
      assert.equal(res.statusCode, 201, res.body);
      const card = res.json<Identity>();
      assert.equal(card.type, 'card');
      assert.match(card.value, /^9\d{15}$/);
      assert.ok(isLuhnValid(card.value), `${card.value} fails the Luhn check`);
      numbers.add(card.value);
      const grouped = card.value.replace(/(\d{4})(?=\d)/g, '$1 ');
      assert.equal(await foundId('card', grouped), memberId);
    }
    assert.equal(numbers.size, 3);
    const member = (await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${memberId}`)).json();
    assert.equal(member.identities.filter((i: Identity) => i.type === 'card').length, 3);
  });

  test('no card for an unknown or deleted member', async () => {
    const unknown = await call(
      ctx.app,
      ctx.a.key,
      'POST',
      '/v1/members/018f0000-0000-7000-8000-000000000000/cards',
    );
    assert.equal(unknown.statusCode, 404);
    const memberId = await enrol({});
    assert.equal((await call(ctx.app, ctx.a.key, 'DELETE', `/v1/members/${memberId}`)).statusCode, 200);
    const res = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${memberId}/cards`);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().code, 'member_deleted');
    assert.equal((await attach(memberId, 'external', 'x:1')).json().code, 'member_deleted');
  });
});

describe('identity.normalize', () => {
  test('luhnCheckDigit matches known vectors', () => {
    assert.equal(luhnCheckDigit('7992739871'), 3);
    assert.equal(luhnCheckDigit('411111111111111'), 1);
    assert.equal(luhnCheckDigit('37828224631000'), 5);
    assert.equal(luhnCheckDigit('0'), 0);
    assert.equal(luhnCheckDigit('1'), 8);
  });

  test('isLuhnValid accepts valid numbers and rejects any single wrong digit', () => {
    for (const n of ['79927398713', '4111111111111111', '378282246310005', '00'])
      assert.ok(isLuhnValid(n), n);
    for (const n of ['79927398710', '4111111111111112', '', '0', '7992 7398 713', '7992739871a']) {
      assert.equal(isLuhnValid(n), false, JSON.stringify(n));
    }
    const card = '4111111111111111';
    for (let i = 0; i < card.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === card[i]) continue;
        const typo = `${card.slice(0, i)}${d}${card.slice(i + 1)}`;
        assert.equal(isLuhnValid(typo), false, typo);
      }
    }
  });

  test('generateCardNumber draws valid, distinct 16-digit numbers starting with 9', () => {
    const drawn = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const n = generateCardNumber();
      assert.match(n, /^9\d{15}$/);
      assert.ok(isLuhnValid(n), n);
      drawn.add(n);
    }
    assert.equal(drawn.size, 500);
  });

  test('normalizeEmail trims and lowercases, rejects malformed addresses', () => {
    assert.deepEqual(normalizeEmail('  Jane.Doe@Example.COM '), { ok: true, value: 'jane.doe@example.com' });
    for (const bad of [
      '',
      'jane',
      'jane@',
      '@example.com',
      'jane@example',
      'ja ne@example.com',
      'a@b@c.de',
    ]) {
      assert.equal(normalizeEmail(bad).ok, false, JSON.stringify(bad));
    }
  });

  test('normalizePhone gives E.164, reads national numbers only with a default country', () => {
    assert.deepEqual(normalizePhone('030 12345678', 'DE'), { ok: true, value: '+493012345678' });
    assert.deepEqual(normalizePhone('0151 12345678', 'DE'), { ok: true, value: '+4915112345678' });
    assert.deepEqual(normalizePhone('+44 20 7946 0958', 'DE'), { ok: true, value: '+442079460958' });
    assert.deepEqual(normalizePhone('+49 151 12345678', null), { ok: true, value: '+4915112345678' });
    const national = normalizePhone('0151 12345678', null);
    assert.equal(national.ok, false);
    assert.match(national.ok ? '' : national.message, /international format/);
    for (const bad of ['', '123', 'phone', '030 1', '0151 1234', '+49 151 1234567890123']) {
      assert.equal(normalizePhone(bad, 'DE').ok, false, JSON.stringify(bad));
    }
  });

  test('normalizeIdentity handles cards, external ids and social handles', () => {
    assert.deepEqual(normalizeIdentity('card', ' 9123-4567 8901 2345 ', null), {
      ok: true,
      value: '9123456789012345',
    });
    assert.deepEqual(normalizeIdentity('external', 'POS:store-12:cust-99', null), {
      ok: true,
      value: 'pos:store-12:cust-99',
    });
    assert.deepEqual(normalizeIdentity('social', 'TikTok:@Jane_Doe', null), {
      ok: true,
      value: 'tiktok:jane_doe',
    });
    for (const [type, raw] of [
      ['card', '12345'],
      ['card', '1234567890123456789012345678901234'],
      ['card', '123456!'],
      ['external', ':8123'],
      ['external', 'shopify:'],
      ['external', 'shop ify:1'],
      ['social', 'instagram:@'],
    ] as const) {
      assert.equal(normalizeIdentity(type, raw, null).ok, false, `${type} ${raw}`);
    }
  });
});
