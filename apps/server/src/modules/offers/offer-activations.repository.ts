import type { Db } from '../../db/database.js';

/** The offer campaigns a member activated: the engine reads them when a live rule requires activation. */
export async function activatedOfferIds(db: Db, memberId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('offer_activations')
    .select('campaign_id')
    .where('member_id', '=', memberId)
    .execute();
  return rows.map((r) => r.campaign_id);
}

export async function activationsOf(db: Db, memberId: string): Promise<Map<string, Date>> {
  const rows = await db
    .selectFrom('offer_activations')
    .select(['campaign_id', 'activated_at'])
    .where('member_id', '=', memberId)
    .execute();
  return new Map(rows.map((r) => [r.campaign_id, r.activated_at]));
}

/** Records the activation once; returns the existing time when the member had already activated the offer. */
export async function insertActivation(
  db: Db,
  row: { campaignId: string; memberId: string; tenantId: string; programId: string; channel: string | null },
): Promise<{ activatedAt: Date; created: boolean }> {
  const inserted = await db
    .insertInto('offer_activations')
    .values({
      campaign_id: row.campaignId,
      member_id: row.memberId,
      tenant_id: row.tenantId,
      program_id: row.programId,
      channel: row.channel,
    })
    .onConflict((oc) => oc.columns(['member_id', 'campaign_id']).doNothing())
    .returning('activated_at')
    .executeTakeFirst();
  if (inserted) return { activatedAt: inserted.activated_at, created: true };
  const existing = await db
    .selectFrom('offer_activations')
    .select('activated_at')
    .where('member_id', '=', row.memberId)
    .where('campaign_id', '=', row.campaignId)
    .executeTakeFirstOrThrow();
  return { activatedAt: existing.activated_at, created: false };
}
