import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/database.js';
import {
  requestFingerprint,
  runIdempotent,
  type WriteResult,
} from '../modules/idempotency/idempotency.service.js';

/**
 * Every POST/PATCH/DELETE goes through here: one database transaction per write, made idempotent by the optional
 * Idempotency-Key header. A replayed response is byte-for-byte the stored one and is marked Idempotent-Replayed.
 */
export async function handleWrite<T>(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (trx: Db) => Promise<WriteResult<T>>,
): Promise<T> {
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  const fingerprint = requestFingerprint(request.method, request.url, request.body);
  const outcome = await runIdempotent(db, request.auth.tenantId, key, fingerprint, work);
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  reply.code(outcome.status);
  return outcome.body;
}
