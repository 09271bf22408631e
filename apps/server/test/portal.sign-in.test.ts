import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { isLuhnValid } from '../src/modules/members/identity.normalize.js';
import { call, countRows } from './helpers/context.js';
import {
  asMember,
  createPortalContext,
  createSession,
  join,
  type PortalContext,
  requestCode,
} from './helpers/portal.js';

/**
 * Member portal sign-in: one-time codes (hashed, single use, 10 minutes, 5 attempts, 5 per 15 minutes, the newest
 * one only), sign-up through the members module, `tms_` sessions, and which tokens open which routes.
 */
let ctx: PortalContext;
before(async () => {
  ctx = await createPortalContext();
});
after(() => ctx.close());

let seq = 0;
const email = (name = 'member') => `${name}.${++seq}@example.com`;
/** A code that is certainly not `code`. */
const wrong = (code: string) => `${(Number(code[0]) + 1) % 10}${code.slice(1)}`;

test('code request, sign-up, session and profile', async () => {
  const address = email('Ada');
  const res = await call(ctx.portal, undefined, 'POST', '/v1/portal/programs/default/codes', {
    email: address.toUpperCase(),
  });
  assert.equal(res.statusCode, 202, res.body);
  assert.deepEqual(res.json(), { expiresInSeconds: 600 });
  const message = ctx.sent[ctx.sent.length - 1];
  assert.ok(message);
  assert.equal(message.to, address.toLowerCase(), 'the address is normalised');
  assert.match(message.code, /^\d{6}$/);
  assert.equal(message.programSlug, 'default');
  const stored = await ctx.db
    .selectFrom('portal_codes')
    .selectAll()
    .where('email', '=', address.toLowerCase())
    .execute();
  assert.equal(stored.length, 1);
  assert.ok(!JSON.stringify(stored).includes(`"${message.code}"`), 'the code is stored only hashed');

  const refused = await createSession(ctx, { email: address, code: message.code });
  assert.equal(refused.statusCode, 422, refused.body);
  assert.equal(refused.json().code, 'sign_up_required');

  const joined = await createSession(ctx, {
    email: address,
    code: ` ${message.code.slice(0, 3)} ${message.code.slice(3)} `,
    signUp: {
      givenName: 'Ada',
      familyName: 'Lovelace',
      locale: 'en-gb',
      consents: { marketingEmail: true, sms: false },
    },
  });
  assert.equal(joined.statusCode, 201, joined.body);
  const session = joined.json();
  assert.equal(session.created, true);
  assert.match(session.token, /^tms_[A-Za-z0-9_-]{43}$/);
  const days = (new Date(session.expiresAt).getTime() - Date.now()) / 86_400_000;
  assert.ok(days > 29.9 && days <= 30, `a session lasts 30 days, got ${days}`);

  const me = await asMember(ctx, session.token, 'GET', '/v1/portal/me');
  assert.equal(me.statusCode, 200, me.body);
  const profile = me.json();
  assert.equal(profile.memberId, session.memberId);
  assert.equal(profile.email, address.toLowerCase());
  assert.equal(profile.givenName, 'Ada');
  assert.equal(profile.familyName, 'Lovelace');
  assert.equal(profile.locale, 'en-GB');
  assert.equal(profile.consents.marketingEmail.granted, true);
  assert.equal(profile.consents.marketingEmail.source, 'portal');
  assert.equal(profile.consents.sms.granted, false);
  assert.equal(profile.consents.push, null);
  assert.match(profile.cardNumber, /^9\d{15}$/);
  assert.ok(isLuhnValid(profile.cardNumber));
  assert.match(profile.referralCode, /^[A-Z2-9]{8}$/);
  assert.equal(profile.referralLink, `/p/default?ref=${profile.referralCode}`);

  // The member exists in the members module with the portal as channel, and a till can scan the card.
  const member = await call(ctx.app, ctx.a.key, 'GET', `/v1/members/${session.memberId}`);
  assert.equal(member.json().enrollmentChannel, 'portal');
  const byCard = await call(
    ctx.app,
    ctx.a.key,
    'GET',
    `/v1/members/lookup?type=card&value=${profile.cardNumber}`,
  );
  assert.equal(byCard.statusCode, 200, byCard.body);
  assert.equal(byCard.json().id, session.memberId);
  const again = await asMember(ctx, session.token, 'GET', '/v1/portal/me');
  assert.equal(again.json().cardNumber, profile.cardNumber, 'the card number is stable');
  assert.equal(again.json().referralCode, profile.referralCode, 'the referral code is stable');
});

test('an existing member signs in with a code, without signing up', async () => {
  const address = email('existing');
  const made = await call(ctx.app, ctx.a.key, 'POST', '/v1/members', { email: address, firstName: 'Grace' });
  assert.equal(made.statusCode, 201, made.body);
  const code = await requestCode(ctx, address);
  const res = await createSession(ctx, { email: address, code });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().created, false);
  assert.equal(res.json().memberId, made.json().id);
  const me = await asMember(ctx, res.json().token, 'GET', '/v1/portal/me');
  assert.equal(me.json().givenName, 'Grace');
});

test('the answer to a code request does not reveal whether the address is a member', async () => {
  const member = email('known');
  await call(ctx.app, ctx.a.key, 'POST', '/v1/members', { email: member });
  const known = await call(ctx.portal, undefined, 'POST', '/v1/portal/programs/default/codes', {
    email: member,
  });
  const unknown = await call(ctx.portal, undefined, 'POST', '/v1/portal/programs/default/codes', {
    email: email('stranger'),
  });
  assert.equal(known.statusCode, 202);
  assert.equal(unknown.statusCode, 202);
  assert.equal(known.body, unknown.body);
});

test('a wrong code is refused and uses one attempt; the right one still works', async () => {
  const address = email();
  const code = await requestCode(ctx, address);
  const bad = await createSession(ctx, { email: address, code: wrong(code), signUp: {} });
  assert.equal(bad.statusCode, 401, bad.body);
  assert.equal(bad.json().code, 'invalid_code');
  const gibberish = await createSession(ctx, { email: address, code: 'abc', signUp: {} });
  assert.equal(gibberish.json().code, 'invalid_code');
  const good = await createSession(ctx, { email: address, code, signUp: {} });
  assert.equal(good.statusCode, 201, good.body);
});

test('after five attempts even the right code is refused', async () => {
  const address = email();
  const code = await requestCode(ctx, address);
  for (let i = 0; i < 5; i++) {
    const res = await createSession(ctx, { email: address, code: wrong(code), signUp: {} });
    assert.equal(res.statusCode, 401);
  }
  const res = await createSession(ctx, { email: address, code, signUp: {} });
  assert.equal(res.statusCode, 401, res.body);
  assert.equal(res.json().code, 'invalid_code');
});

test('an expired code is refused', async () => {
  const address = email();
  const code = await requestCode(ctx, address);
  await ctx.db
    .updateTable('portal_codes')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .where('email', '=', address)
    .execute();
  const res = await createSession(ctx, { email: address, code, signUp: {} });
  assert.equal(res.statusCode, 401, res.body);
  assert.equal(res.json().code, 'invalid_code');
});

test('a code works once, and a new code replaces the previous one', async () => {
  const address = email();
  const first = await requestCode(ctx, address);
  const second = await requestCode(ctx, address);
  const old = await createSession(ctx, { email: address, code: first, signUp: {} });
  assert.equal(old.statusCode, first === second ? 201 : 401, 'the older code no longer works');
  const used = await createSession(ctx, { email: address, code: second, signUp: {} });
  if (first !== second) assert.equal(used.statusCode, 201, used.body);
  const reuse = await createSession(ctx, { email: address, code: second });
  assert.equal(reuse.statusCode, 401, reuse.body);
  assert.equal(reuse.json().code, 'invalid_code');
});

test('at most five codes per address in 15 minutes', async () => {
  const address = email('busy');
  for (let i = 0; i < 5; i++) await requestCode(ctx, address);
  const sentBefore = ctx.sent.length;
  const res = await call(ctx.portal, undefined, 'POST', '/v1/portal/programs/default/codes', {
    email: address,
  });
  assert.equal(res.statusCode, 429, res.body);
  assert.equal(res.json().code, 'too_many_codes');
  const retryAfter = Number(res.headers['retry-after']);
  assert.ok(retryAfter > 0 && retryAfter <= 900, `Retry-After ${retryAfter}`);
  assert.equal(ctx.sent.length, sentBefore, 'no code was sent');
  // The window slides: once the oldest request is 15 minutes old, another code may be asked for.
  const [oldest] = await ctx.db
    .selectFrom('portal_codes')
    .select('id')
    .where('email', '=', address)
    .orderBy('created_at')
    .limit(1)
    .execute();
  assert.ok(oldest);
  await ctx.db
    .updateTable('portal_codes')
    .set({ created_at: new Date(Date.now() - 16 * 60_000) })
    .where('id', '=', oldest.id)
    .execute();
  await requestCode(ctx, address);
  await requestCode(ctx, email('other'));
});

test('unknown programs are 404; programs are addressed by slug or tenant.slug', async () => {
  const missing = await call(ctx.portal, undefined, 'POST', '/v1/portal/programs/nope/codes', {
    email: email(),
  });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().code, 'program_not_found');
  const page = await call(ctx.portal, undefined, 'GET', '/v1/portal/programs/nope');
  assert.equal(page.json().code, 'program_not_found');
  const other = await call(ctx.portal, undefined, 'GET', '/v1/portal/programs/other-brand.main');
  assert.equal(other.statusCode, 200, other.body);
  assert.equal(other.json().name, 'Other club');
  assert.equal(other.json().slug, 'main', 'the bare slug is unique, so it is the address');
  const joined = await join(ctx, email('brit'), {}, 'main');
  const me = await asMember(ctx, joined.token, 'GET', '/v1/portal/me');
  assert.equal(me.json().programId, ctx.b.program.id);
  const invalid = await call(ctx.portal, undefined, 'POST', '/v1/portal/programs/default/codes', {
    email: 'not-an-email',
  });
  assert.equal(invalid.statusCode, 400);
});

test('member tokens open only portal routes; API keys do not open portal routes', async () => {
  const { token } = await join(ctx, email());
  const server = await call(ctx.portal, token, 'GET', '/v1/members');
  assert.equal(server.statusCode, 403, server.body);
  assert.equal(server.json().code, 'member_session_not_allowed');
  for (const key of [ctx.a.key, ctx.a.publishableKey]) {
    const res = await call(ctx.portal, key, 'GET', '/v1/portal/me');
    assert.equal(res.statusCode, 403, res.body);
    assert.equal(res.json().code, 'member_session_required');
  }
  const anonymous = await call(ctx.portal, undefined, 'GET', '/v1/portal/me/balance');
  assert.equal(anonymous.statusCode, 401);
  const forged = await call(ctx.portal, `tms_${'A'.repeat(43)}`, 'GET', '/v1/portal/me');
  assert.equal(forged.statusCode, 401);
  assert.equal(forged.json().code, 'invalid_session');
});

test('signing out ends the session; other sessions of the member go on', async () => {
  const address = email();
  const { token } = await join(ctx, address);
  const code = await requestCode(ctx, address);
  const second = (await createSession(ctx, { email: address, code })).json().token as string;
  assert.equal((await asMember(ctx, token, 'GET', '/v1/portal/me')).statusCode, 200);
  const out = await asMember(ctx, token, 'DELETE', '/v1/portal/session');
  assert.equal(out.statusCode, 204, out.body);
  assert.equal((await asMember(ctx, token, 'GET', '/v1/portal/me')).statusCode, 401);
  assert.equal((await asMember(ctx, second, 'GET', '/v1/portal/me')).statusCode, 200);
});

test('a member deleted or merged through the server API is signed out', async () => {
  const deleted = await join(ctx, email('gone'));
  const del = await call(ctx.app, ctx.a.key, 'DELETE', `/v1/members/${deleted.memberId}`);
  assert.equal(del.statusCode, 200, del.body);
  assert.equal((await asMember(ctx, deleted.token, 'GET', '/v1/portal/me')).statusCode, 401);

  const survivor = await join(ctx, email('survivor'));
  const duplicate = await join(ctx, email('duplicate'));
  // Authenticated once, the session is cached: it still stops within the cache's 5 seconds.
  assert.equal((await asMember(ctx, duplicate.token, 'GET', '/v1/portal/me')).statusCode, 200);
  const merged = await call(ctx.app, ctx.a.key, 'POST', `/v1/members/${survivor.memberId}/merge`, {
    duplicateId: duplicate.memberId,
  });
  assert.equal(merged.statusCode, 200, merged.body);
  const deadline = Date.now() + 7_000;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await asMember(ctx, duplicate.token, 'GET', '/v1/portal/me')).statusCode;
    if (status === 401) break;
    assert.equal(status, 409, 'meanwhile the member is refused as deleted');
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(status, 401);
  assert.equal((await asMember(ctx, survivor.token, 'GET', '/v1/portal/me')).statusCode, 200);
});

test('a referral is recorded, and rewarded by the program rules when it has a referral event type', async () => {
  const api = (method: 'POST' | 'PUT', url: string, body: unknown) =>
    call(ctx.app, ctx.a.key, method, url, body);
  const program = await api('POST', '/v1/programs', {
    slug: 'refer',
    name: 'Refer club',
    currency: 'EUR',
    timezone: 'Europe/Berlin',
  });
  assert.equal(program.statusCode, 201, program.body);
  const programId = program.json().id as string;
  assert.equal(
    (await api('PUT', '/v1/event-types/referral', { programId, name: 'Friend referred' })).statusCode,
    200,
  );
  const campaign = await api('POST', '/v1/campaigns', {
    programId,
    name: 'Referrals',
    publish: true,
    rules: [
      {
        key: 'referral',
        name: 'Friend referred',
        trigger: { type: 'event', eventType: 'referral' },
        effects: [{ kind: 'points_fixed', points: 25 }],
      },
    ],
  });
  assert.equal(campaign.statusCode, 201, campaign.body);

  const referrer = await join(ctx, email('referrer'), {}, 'refer');
  const code = (await asMember(ctx, referrer.token, 'GET', '/v1/portal/me')).json().referralCode as string;
  const friend = await join(ctx, email('friend'), { referralCode: code.toLowerCase() }, 'refer');
  const balance = await asMember(ctx, referrer.token, 'GET', '/v1/portal/me/balance');
  assert.equal(balance.json().available, 25, balance.body);
  const history = (await asMember(ctx, referrer.token, 'GET', '/v1/portal/me/history')).json();
  assert.match(history.items[0].explanation, /Friend referred/);
  const row = await ctx.db
    .selectFrom('portal_referrals')
    .selectAll()
    .where('referred_member_id', '=', friend.memberId)
    .executeTakeFirstOrThrow();
  assert.equal(row.referrer_member_id, referrer.memberId);
  const outbox = await ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('type', '=', 'member.referred')
    .execute();
  assert.ok(outbox.some((o) => (o.payload as { memberId?: string }).memberId === friend.memberId));

  // A program without the event type records the referral only; a mistyped code does not stop the sign-up.
  const events = await countRows(ctx.db, 'events');
  const other = await join(ctx, email('referrer'));
  const otherCode = (await asMember(ctx, other.token, 'GET', '/v1/portal/me')).json().referralCode as string;
  const plain = await join(ctx, email('friend'), { referralCode: otherCode });
  const recorded = await ctx.db
    .selectFrom('portal_referrals')
    .select('referrer_member_id')
    .where('referred_member_id', '=', plain.memberId)
    .executeTakeFirst();
  assert.equal(recorded?.referrer_member_id, other.memberId);
  assert.equal(await countRows(ctx.db, 'events'), events, 'no event without a referral event type');
  const typo = await join(ctx, email('typo'), { referralCode: 'NOSUCHCODE' });
  assert.ok(typo.memberId);
});
