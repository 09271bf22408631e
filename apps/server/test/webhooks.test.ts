import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { dispatchWebhooks, sign } from '../src/modules/webhooks/dispatch.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';

/** Rule effects reach subscribers through the outbox: signed, at least once, retried with backoff when refused. */
let ctx: TestContext;
const received: { headers: IncomingMessage['headers']; body: string }[] = [];
let refuse = false;
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => {
    body += chunk;
  });
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.statusCode = refuse ? 503 : 204;
    res.end();
  });
});
let url: string;

before(async () => {
  ctx = await createTestContext();
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  await call(ctx.app, ctx.a.key, 'POST', '/v1/event-types/standard', {});
  const res = await call(ctx.app, ctx.a.key, 'POST', '/v1/campaigns', {
    name: 'Follow us',
    publish: true,
    rules: [
      {
        key: 'follow',
        name: 'Social follow',
        trigger: { type: 'event', eventType: 'social_follow' },
        effects: [
          { kind: 'points_fixed', points: 10 },
          { kind: 'emit_event', type: 'member.followed', data: { campaign: 'follow' } },
        ],
      },
    ],
  });
  assert.equal(res.statusCode, 201, res.body);
});
after(async () => {
  await ctx.close();
  receiver.close();
});

const api = (method: string, url: string, body?: unknown) => call(ctx.app, ctx.a.key, method, url, body);
let seq = 0;
async function follow() {
  const m = (await api('POST', '/v1/members', { firstName: 'Hook' })).json().id as string;
  const res = await api('POST', '/v1/events', {
    type: 'social_follow',
    externalId: `F-${++seq}`,
    memberId: m,
    occurredAt: new Date().toISOString(),
    properties: { network: 'instagram' },
  });
  assert.equal(res.statusCode, 201, res.body);
  return m;
}

test('an emitted event is delivered once, signed with the endpoint secret', async () => {
  const created = await api('POST', '/v1/webhooks', { url, eventTypes: ['member.followed'] });
  assert.equal(created.statusCode, 201, created.body);
  const { id, secret } = created.json();
  assert.match(secret, /^whsec_/);
  const other = await api('POST', '/v1/webhooks', { url: `${url}?other`, eventTypes: ['something.else'] });
  assert.equal(other.statusCode, 201);
  const m = await follow();
  const pass = await dispatchWebhooks(ctx.db);
  assert.equal(pass.sent, 1);
  assert.equal(received.length, 1);
  const [hit] = received;
  assert.ok(hit);
  const body = JSON.parse(hit.body);
  assert.equal(body.type, 'member.followed');
  assert.equal(body.data.memberId, m);
  assert.equal(body.data.rule.ruleKey, 'follow');
  const expected = sign(
    secret,
    String(hit.headers['webhook-id']),
    Number(hit.headers['webhook-timestamp']),
    hit.body,
  );
  assert.equal(hit.headers['webhook-signature'], expected);
  assert.equal((await dispatchWebhooks(ctx.db)).sent, 0, 'delivered once');
  const deliveries = (await api('GET', `/v1/webhooks/${id}/deliveries`)).json().items;
  assert.deepEqual(
    deliveries.map((d: { status: string; attempts: number }) => [d.status, d.attempts]),
    [['delivered', 1]],
  );
  await api('DELETE', `/v1/webhooks/${id}`);
  await api('DELETE', `/v1/webhooks/${other.json().id}`);
});

test('a refusing receiver is retried later with backoff, then gets it', async () => {
  received.length = 0;
  const { id } = (await api('POST', '/v1/webhooks', { url })).json();
  await follow();
  refuse = true;
  const now = new Date();
  const first = await dispatchWebhooks(ctx.db, now);
  assert.deepEqual([first.sent, first.failed], [0, 1]);
  const soon = await dispatchWebhooks(ctx.db, new Date(now.getTime() + 30_000));
  assert.equal(soon.failed + soon.sent, 0, 'not retried before its backoff');
  refuse = false;
  const later = await dispatchWebhooks(ctx.db, new Date(now.getTime() + 61_000));
  assert.equal(later.sent, 1);
  assert.equal(received.length, 2);
  assert.equal(
    received[0]?.headers['webhook-id'],
    received[1]?.headers['webhook-id'],
    'same message id on retry',
  );
  const deliveries = (await api('GET', `/v1/webhooks/${id}/deliveries`)).json().items;
  assert.equal(deliveries[0].status, 'delivered');
  assert.equal(deliveries[0].attempts, 2);
  const bad = await api('POST', '/v1/webhooks', { url: 'ftp://example.com/x' });
  assert.equal(bad.statusCode, 400);
});
