import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.js';
import { memberOf } from '../../http/auth.js';
import { validationFailed } from '../../http/problem.js';
import { requestFingerprint, runIdempotent, type WriteResult } from '../idempotency/idempotency.service.js';

export interface PortalMember {
  tenantId: string;
  memberId: string;
  programId: string;
  sessionId: string;
  /** The audit label of the signed-in member. */
  actor: string;
}

export function portalMember(request: FastifyRequest): PortalMember {
  const { memberId, programId, sessionId } = memberOf(request);
  return { tenantId: request.auth.tenantId, memberId, programId, sessionId, actor: request.auth.actor };
}

/**
 * handleWrite for member routes. Idempotency keys are stored per tenant, and every member of a program calls the
 * same URLs (`/v1/portal/me/…`), so the key and the fingerprint are qualified by the member: one member reusing a
 * key another chose can never replay that member's response (and coupon) to them.
 */
export async function memberWrite<T>(
  db: Db,
  request: FastifyRequest,
  reply: FastifyReply,
  work: (trx: Db, member: PortalMember) => Promise<WriteResult<T>>,
): Promise<T> {
  const member = portalMember(request);
  const header = request.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (key !== undefined && (key.length < 1 || key.length > 200)) {
    throw validationFailed('Idempotency-Key must be 1 to 200 characters', [
      { field: '/idempotency-key', in: 'headers', code: 'maxLength', message: 'must be 1 to 200 characters' },
    ]);
  }
  const fingerprint = requestFingerprint(request.method, `${member.memberId} ${request.url}`, request.body);
  const scopedKey = key === undefined ? undefined : `member:${member.memberId}:${key}`;
  const outcome = await runIdempotent(db, member.tenantId, scopedKey, fingerprint, (trx) =>
    work(trx, member),
  );
  if (outcome.replayed) reply.header('idempotent-replayed', 'true');
  reply.code(outcome.status);
  return outcome.body;
}
