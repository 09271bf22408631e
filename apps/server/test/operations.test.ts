import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildApp } from '../src/http/app.js';
import { createTestDatabase } from './helpers/database.js';

test('/healthz and /readyz answer without a key', async () => {
  const database = await createTestDatabase();
  const app = await buildApp({ db: database.db });
  try {
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200);
    assert.deepEqual(health.json(), { status: 'ok' });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ready.statusCode, 200);
  } finally {
    await app.close();
    await database.close();
  }
});

test('/readyz is 503 while migrations are pending', async () => {
  const database = await createTestDatabase({ migrate: false });
  const app = await buildApp({ db: database.db });
  try {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(res.json().code, 'migrations_pending');
  } finally {
    await app.close();
    await database.close();
  }
});

test('/metrics exposes request counts and latency histograms per route template', async () => {
  const database = await createTestDatabase();
  const app = await buildApp({ db: database.db });
  try {
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/v1/members/0190a1b2-0000-7000-8000-000000000000' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/plain/);
    assert.match(res.body, /http_requests_total\{method="GET",route="\/healthz",status_code="200"\} 1/);
    // The template, not the raw id, labels the series, so cardinality stays bounded.
    assert.match(
      res.body,
      /http_requests_total\{method="GET",route="\/v1\/members\/:id",status_code="401"\} 1/,
    );
    assert.match(res.body, /http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/healthz"/);
  } finally {
    await app.close();
    await database.close();
  }
});

test('every response carries a request id; a client-sent id is kept and appears in problems', async () => {
  const database = await createTestDatabase();
  const app = await buildApp({ db: database.db });
  try {
    const generated = await app.inject({ method: 'GET', url: '/healthz' });
    assert.match(generated.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
    const res = await app.inject({
      method: 'GET',
      url: '/nope',
      headers: { 'x-request-id': 'trace-abc-123' },
    });
    assert.equal(res.statusCode, 404);
    assert.equal(res.headers['x-request-id'], 'trace-abc-123');
    assert.equal(res.json().requestId, 'trace-abc-123');
    assert.equal(res.json().code, 'route_not_found');
  } finally {
    await app.close();
    await database.close();
  }
});

test('graceful shutdown finishes in-flight requests and refuses new ones', async () => {
  const database = await createTestDatabase();
  const app = await buildApp({ db: database.db });
  let started: () => void = () => undefined;
  const handlerStarted = new Promise<void>((resolve) => {
    started = resolve;
  });
  app.get('/slow', { config: { access: 'public' } }, async () => {
    started();
    await sleep(400);
    return { done: true };
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await handlerStarted;
    const closing = app.close();
    const result = await inFlight;
    assert.deepEqual(result, { status: 200, body: { done: true } });
    // The client's keep-alive connection must not hold the server open until the keep-alive timeout (72 s).
    const closed = await Promise.race([closing.then(() => true), sleep(5_000).then(() => false)]);
    assert.equal(closed, true, 'close() finished without waiting for the keep-alive timeout');
    await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
  } finally {
    await database.close();
  }
});
