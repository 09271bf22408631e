import { createHmac } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { claimDue, type DueDelivery, fanOut, recordAttempt } from './webhooks.repository.js';

/** Retry delays after each failed attempt; after the last one the delivery is marked failed. */
const BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000, 24 * 3_600_000];
const TIMEOUT_MS = 5_000;
const LEASE_MS = 60_000;

/**
 * Signs as the Standard Webhooks scheme does: HMAC-SHA256 over "id.timestamp.body" with the endpoint's secret,
 * base64, sent as `webhook-signature: v1,<signature>` with `webhook-id` and `webhook-timestamp`.
 */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

async function send(
  d: DueDelivery,
  now: Date,
): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  const id = `msg_${d.outboxId}`;
  const timestamp = Math.floor(now.getTime() / 1000);
  const body = JSON.stringify({ id, type: d.type, createdAt: d.createdAt.toISOString(), data: d.payload });
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': sign(d.secret, id, timestamp, body),
        'user-agent': 'Tessera-Webhooks/1',
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    await res.body?.cancel();
    return {
      ok: res.status >= 200 && res.status < 300,
      status: res.status,
      error: res.ok ? null : `HTTP ${res.status}`,
    };
  } catch (error) {
    return { ok: false, status: null, error: (error as Error).message };
  }
}

/**
 * One dispatch pass: fan new outbox messages out to endpoints, then send what is due. A receiver that answers 2xx
 * has it; anything else is retried with growing delays (at-least-once: receivers dedupe on `webhook-id`).
 */
export async function dispatchWebhooks(
  db: Db,
  now = new Date(),
): Promise<{ fannedOut: number; sent: number; failed: number }> {
  let fannedOut = 0;
  for (let n = await fanOut(db, now, 500); n > 0; n = await fanOut(db, now, 500)) fannedOut += n;
  let sent = 0;
  let failed = 0;
  for (
    let batch = await claimDue(db, now, LEASE_MS, 50);
    batch.length > 0;
    batch = await claimDue(db, now, LEASE_MS, 50)
  ) {
    const results = await Promise.all(batch.map(async (d) => ({ d, r: await send(d, now) })));
    for (const { d, r } of results) {
      const attempts = d.attempts + 1;
      const delay = BACKOFF_MS[attempts - 1];
      const status = r.ok ? 'delivered' : delay === undefined ? 'failed' : 'pending';
      if (r.ok) sent++;
      else failed++;
      await recordAttempt(db, d.id, {
        status,
        attempts,
        responseStatus: r.status,
        error: r.error,
        next: new Date(now.getTime() + (delay ?? 0)),
        at: now,
      });
    }
  }
  return { fannedOut, sent, failed };
}
