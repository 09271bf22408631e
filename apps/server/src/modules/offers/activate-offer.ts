import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import { openOffers } from './member-offers.js';
import { insertActivation } from './offer-activations.repository.js';

/**
 * Activates an open offer for a member ("activate: 3× points on children's clothing this month"). Idempotent: a
 * second activation returns the first one's time. An offer that is not open to the member (ended, not yet started,
 * another audience, the member is in its control group) is refused, so nothing is promised that will not be paid.
 */
export async function activateOffer(
  db: Db,
  tenantId: string,
  memberId: string,
  campaignId: string,
  actor: string,
  channel: string | null,
  now = new Date(),
) {
  const { program, offers, live } = await openOffers(db, tenantId, memberId, now);
  if (!offers.some((o) => o.ref.campaignId === campaignId)) {
    // A live offer the member cannot take now is a conflict; anything else is not an offer of this program.
    if (live.has(campaignId)) {
      throw conflict('offer_not_available', `Offer ${campaignId} is not open to member ${memberId} now`);
    }
    throw notFound('offer', campaignId);
  }
  const saved = await insertActivation(db, {
    campaignId,
    memberId,
    tenantId,
    programId: program.id,
    channel,
  });
  if (saved.created) {
    await recordAudit(db, {
      tenantId,
      actor,
      action: 'offer.activated',
      subjectType: 'member',
      subjectId: memberId,
      details: { campaignId },
    });
  }
  return { campaignId, memberId, activatedAt: saved.activatedAt.toISOString(), created: saved.created };
}
