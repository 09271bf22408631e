import type { Db } from '../../db/database.js';
import { conflict, forbidden, ProblemError } from '../../http/problem.js';
import { findTenantPartner, type PartnerRow } from './partners.repository.js';

/**
 * What a partner key may call: record purchases, returns and point spends for its own partner, read its own
 * purchases and a member's balance (to know what can be burnt). Everything else is refused, so a route added later
 * is closed to partners until it is listed here on purpose.
 */
const PARTNER_ROUTES = new Set([
  'POST /v1/transactions',
  'GET /v1/transactions/:id',
  'POST /v1/transactions/:id/returns',
  'POST /v1/transactions/:id/cancel',
  'POST /v1/members/:id/points/spend',
  'GET /v1/members/:id/balance',
]);

export function partnerRouteAllowed(method: string, routeUrl: string): boolean {
  return PARTNER_ROUTES.has(`${method} ${routeUrl}`);
}

/**
 * The partner a write acts for. A partner key always acts for its own partner: naming another one in the body is
 * refused (403 `partner_mismatch`), never silently honoured. A server key may name any partner, or none.
 */
export function actingPartnerId(
  auth: { partnerId: string | null },
  requested: string | undefined,
): string | undefined {
  if (auth.partnerId === null) return requested;
  if (requested !== undefined && requested !== auth.partnerId) {
    throw forbidden('partner_mismatch', 'A partner API key can only act for its own partner');
  }
  return auth.partnerId;
}

/** Whether a partner key may see a record made at `partnerId` (server keys see everything). */
export function visibleToKey(auth: { partnerId: string | null }, partnerId: string | null): boolean {
  return auth.partnerId === null || auth.partnerId === partnerId;
}

/** The partner, which must belong to the program and be active: a suspended partner can neither earn nor burn. */
export async function requireActivePartner(
  db: Db,
  tenantId: string,
  programId: string,
  partnerId: string,
): Promise<PartnerRow> {
  const partner = await findTenantPartner(db, tenantId, partnerId);
  if (partner === undefined || partner.program_id !== programId) {
    const detail = `Program ${programId} has no partner ${partnerId}`;
    throw new ProblemError(422, 'unknown_partner', 'Unprocessable request', detail, [
      { field: '/partnerId', in: 'body', code: 'unknown', message: 'no such partner in this program' },
    ]);
  }
  if (partner.status !== 'active') {
    throw conflict('partner_suspended', `Partner '${partner.code}' is suspended`, { partnerId });
  }
  return partner;
}
