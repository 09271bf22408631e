import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { call, countRows, createTestContext, type TestContext } from './helpers/context.js';

/** Custom events (value-based rewards): registered types, property validation, idempotency, limits, effects. */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
  const std = await call(ctx.app, ctx.a.key, 'POST', '/v1/event-types/standard', {});
  assert.equal(std.statusCode, 200, std.body);
  const res = await call(ctx.app, ctx.a.key, 'POST', '/v1/campaigns', {
    name: 'Reviews pay',
    publish: true,
    rules: [
      {
        key: 'review',
        name: 'Review with photo',
        trigger: { type: 'event', eventType: 'review_written' },
        when: {
          kind: 'all',
          conditions: [
            { kind: 'event_property', path: 'withPhoto', op: 'eq', value: true },
            { kind: 'event_property', path: 'rating', op: 'gte', value: 1 },
          ],
        },
        effects: [
          { kind: 'points_fixed', points: 25 },
          { kind: 'tag_member', tag: 'reviewer' },
          { kind: 'emit_event', type: 'member.reviewed', data: { source: 'rules' } },
        ],
        limits: [{ period: 'day', maxCount: 2 }],
      },
      {
        key: 'survey',
        name: 'Survey coupon',
        trigger: { type: 'event', eventType: 'survey_completed' },
        effects: [
          {
            kind: 'issue_coupon',
            name: '10% thank you',
            discount: { type: 'percent', value: 10 },
            validDays: 30,
          },
          { kind: 'set_attribute', key: 'favouriteColour', value: 'green' },
        ],
      },
    ],
  });
  assert.equal(res.statusCode, 201, res.body);
});
after(() => ctx.close());

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
let seq = 0;
const event = (memberId: string, type: string, properties: object) => ({
  type,
  externalId: `E-${++seq}`,
  memberId,
  occurredAt: new Date().toISOString(),
  properties,
});
const member = async () => (await api('POST', '/v1/members', { firstName: 'Ev' })).json().id as string;

test('a review event earns points, tags the member and emits an outbox message, once per externalId', async () => {
  const m = await member();
  const body = event(m, 'review_written', { rating: 5, withPhoto: true, sku: 'X' });
  const res = await api('POST', '/v1/events', body);
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().points, 25);
  assert.match(
    res.json().effects[0].explanation,
    /\+25 points: 25 points — Review with photo — campaign 'Reviews pay' v1/,
  );
  const replay = await api('POST', '/v1/events', body);
  assert.equal(replay.statusCode, 201);
  assert.equal(replay.headers['idempotent-replayed'], 'true');
  assert.equal(replay.json().id, res.json().id);
  const other = await api('POST', '/v1/events', { ...body, properties: { rating: 1, withPhoto: true } });
  assert.equal(other.statusCode, 409);
  const balance = (await api('GET', `/v1/members/${m}/balance`)).json().wallets[0];
  assert.equal(balance.available, 25);
  const profile = (await api('GET', `/v1/members/${m}`)).json();
  assert.deepEqual(profile.tags, ['reviewer']);
  assert.equal(await countRows(ctx.db, 'outbox'), 1);
});

test('a review without a photo earns nothing, and the per-day limit caps the count', async () => {
  const m = await member();
  const none = await api('POST', '/v1/events', event(m, 'review_written', { rating: 4, withPhoto: false }));
  assert.equal(none.json().points, 0);
  const results = [];
  for (let i = 0; i < 3; i++) {
    results.push(
      (await api('POST', '/v1/events', event(m, 'review_written', { rating: 4, withPhoto: true }))).json(),
    );
  }
  assert.deepEqual(
    results.map((r) => r.points),
    [25, 25, 0],
  );
  const dry = await api(
    'POST',
    '/v1/events?dryRun=true',
    event(m, 'review_written', { rating: 4, withPhoto: true }),
  );
  assert.equal(dry.statusCode, 200);
  const review = dry.json().rules.find((r: { rule: { ruleKey: string } }) => r.rule.ruleKey === 'review');
  assert.match(review.reasons.join(' '), /limit reached: applies at most 2× per day per member \(used 2\)/);
});

test('a survey issues an unguessable coupon and sets an attribute', async () => {
  const m = await member();
  const res = await api('POST', '/v1/events', event(m, 'survey_completed', { surveyId: 'S1', nps: 9 }));
  assert.equal(res.statusCode, 201, res.body);
  const coupon = res.json().effects.find((e: { kind: string }) => e.kind === 'issue_coupon');
  assert.match(coupon.detail.code, /^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  const coupons = (await api('GET', `/v1/members/${m}/coupons`)).json().items;
  assert.equal(coupons[0].code, coupon.detail.code);
  assert.equal((await api('GET', `/v1/members/${m}`)).json().attributes.favouriteColour, 'green');
});

test('bad events are refused with field-level problems and write nothing', async () => {
  const m = await member();
  const before = await countRows(ctx.db, 'events');
  const wrong = await api('POST', '/v1/events', event(m, 'review_written', { rating: 9 }));
  assert.equal(wrong.statusCode, 400);
  assert.ok(wrong.json().errors.some((e: { field: string }) => e.field === '/properties/rating'));
  const missing = await api('POST', '/v1/events', event(m, 'survey_completed', {}));
  assert.ok(missing.json().errors.some((e: { field: string }) => e.field === '/properties/surveyId'));
  const unknown = await api('POST', '/v1/events', event(m, 'moon_landing', {}));
  assert.equal(unknown.statusCode, 422);
  assert.equal(unknown.json().code, 'unknown_event_type');
  const nobody = await api('POST', '/v1/events', { ...event(m, 'app_opened', {}), memberId: undefined });
  assert.equal(nobody.statusCode, 400);
  const foreign = await call(ctx.app, ctx.b.key, 'POST', '/v1/events', event(m, 'app_opened', {}));
  assert.ok([404, 422].includes(foreign.statusCode), foreign.body);
  const badSchema = await api('PUT', '/v1/event-types/odd', { name: 'Odd', properties: { type: 'array' } });
  assert.equal(badSchema.statusCode, 400);
  assert.equal(await countRows(ctx.db, 'events'), before);
});
