import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import { cancelRedemption } from './cancel-redemption.js';
import { findFulfilment, findRedemption, saveFulfilment } from './rewards.repository.js';

type Target = 'shipped' | 'delivered' | 'cancelled';

/**
 * Fulfilment moves forward only: ordered → shipped → delivered for physical items; experiences and donations go
 * ordered → delivered (attended, paid to the charity). Cancelling is the redemption's cancellation: the points go
 * back, so it goes through cancelRedemption and is refused once delivered.
 */
const NEXT: Record<string, Record<string, Target[]>> = {
  physical: { ordered: ['shipped', 'cancelled'], shipped: ['delivered', 'cancelled'] },
  experience: { ordered: ['delivered', 'cancelled'] },
  charity: { ordered: ['delivered', 'cancelled'] },
};

export async function moveFulfilment(
  db: Db,
  tenantId: string,
  redemptionId: string,
  input: { status: Target; note?: string | undefined; trackingNumber?: string | undefined },
  actor: string,
): Promise<void> {
  const redemption = await findRedemption(db, tenantId, redemptionId, true);
  if (redemption === undefined) throw notFound('redemption', redemptionId);
  const fulfilment = await findFulfilment(db, redemption.id);
  if (fulfilment === undefined) {
    throw conflict('no_fulfilment', 'This redemption issued a coupon or a credit, not a fulfilment record');
  }
  const allowed = NEXT[fulfilment.kind]?.[fulfilment.status] ?? [];
  if (!allowed.includes(input.status)) {
    throw conflict(
      'invalid_fulfilment_transition',
      `A ${fulfilment.kind} fulfilment cannot go from ${fulfilment.status} to ${input.status}`,
      { from: fulfilment.status, to: input.status, allowed },
    );
  }
  const note = input.note ?? null;
  if (input.status === 'cancelled') {
    await cancelRedemption(db, tenantId, redemptionId, actor, note);
    return;
  }
  const now = new Date();
  const details = {
    ...fulfilment.details,
    ...(input.trackingNumber !== undefined ? { trackingNumber: input.trackingNumber } : {}),
  };
  const history = [...fulfilment.history, { status: input.status, at: now.toISOString(), actor, note }];
  await saveFulfilment(
    db,
    fulfilment.id,
    { status: input.status, details: JSON.stringify(details), history: JSON.stringify(history) },
    now,
  );
  await recordAudit(db, {
    tenantId,
    actor,
    action: `reward_fulfilment.${input.status}`,
    subjectType: 'reward_redemption',
    subjectId: redemption.id,
    details: { from: fulfilment.status, to: input.status, note },
  });
}
