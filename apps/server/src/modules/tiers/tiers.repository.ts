import type { Selectable, Updateable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import type { MemberTiersTable, TierRecomputesTable, TierSetsTable } from '../../db/schema.js';
import type { Window } from './windows.js';

export type TierSetRow = Selectable<TierSetsTable>;
export type MemberTierRow = Selectable<MemberTiersTable>;
export type RecomputeRow = Selectable<TierRecomputesTable>;

export interface Metrics {
  spend: number;
  qualifyingPoints: number;
  purchases: number;
}

export async function findTierSet(db: Db, programId: string): Promise<TierSetRow | undefined> {
  return db.selectFrom('tier_sets').selectAll().where('program_id', '=', programId).executeTakeFirst();
}

/** Locks the program's tier set row (or nothing yet): concurrent replacements apply one after the other. */
export async function lockTierSet(db: Db, programId: string): Promise<TierSetRow | undefined> {
  return db
    .selectFrom('tier_sets')
    .selectAll()
    .where('program_id', '=', programId)
    .forUpdate()
    .executeTakeFirst();
}

export async function saveTierSet(db: Db, row: Omit<TierSetRow, 'document'> & { document: unknown }) {
  const values = { ...row, document: JSON.stringify(row.document) };
  return db
    .insertInto('tier_sets')
    .values(values)
    .onConflict((oc) => oc.column('program_id').doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findMemberTier(db: Db, memberId: string, lock = false) {
  const q = db.selectFrom('member_tiers').selectAll().where('member_id', '=', memberId);
  return lock ? q.forUpdate().executeTakeFirst() : q.executeTakeFirst();
}

/** The member's tier row, created in the entry tier if missing, locked for the rest of the transaction. */
export async function lockMemberTier(
  db: Db,
  ids: { memberId: string; tenantId: string; programId: string },
  entryCode: string,
): Promise<MemberTierRow> {
  await db
    .insertInto('member_tiers')
    .values({
      member_id: ids.memberId,
      tenant_id: ids.tenantId,
      program_id: ids.programId,
      tier_code: entryCode,
      since: null,
      review_at: null,
      grace_until: null,
      updated_at: new Date(),
    })
    .onConflict((oc) => oc.column('member_id').doNothing())
    .execute();
  const row = await findMemberTier(db, ids.memberId, true);
  if (row === undefined) throw new Error(`member tier of ${ids.memberId} vanished`);
  return row;
}

export async function updateMemberTier(db: Db, memberId: string, changes: Updateable<MemberTiersTable>) {
  return db
    .updateTable('member_tiers')
    .set({ ...changes, updated_at: new Date() })
    .where('member_id', '=', memberId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertHistory(
  db: Db,
  row: {
    tenantId: string;
    programId: string;
    memberId: string;
    from: string | null;
    to: string;
    reason: string;
    actor: string | null;
    at: Date;
  },
): Promise<string> {
  const id = uuidv7();
  await db
    .insertInto('tier_history')
    .values({
      id,
      tenant_id: row.tenantId,
      program_id: row.programId,
      member_id: row.memberId,
      from_tier: row.from,
      to_tier: row.to,
      reason: row.reason,
      actor: row.actor,
      at: row.at,
    })
    .execute();
  return id;
}

export async function historyOf(db: Db, memberId: string) {
  return db
    .selectFrom('tier_history')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}

/** Records qualifying activity once per reference (a purchase, a return). */
export async function insertActivity(
  db: Db,
  row: {
    programId: string;
    memberId: string;
    reference: string;
    occurredAt: Date;
    spend: number;
    points: number;
    purchases: number;
  },
): Promise<void> {
  await db
    .insertInto('tier_activity')
    .values({
      program_id: row.programId,
      member_id: row.memberId,
      reference: row.reference,
      occurred_at: row.occurredAt,
      spend: row.spend,
      points: row.points,
      purchases: row.purchases,
    })
    .onConflict((oc) => oc.columns(['program_id', 'reference']).doNothing())
    .execute();
}

/** Spend, qualifying points and purchases of a member over a window, net of returns. */
export async function metricsIn(db: Db, programId: string, memberId: string, w: Window): Promise<Metrics> {
  let q = db
    .selectFrom('tier_activity')
    .select((eb) => [
      eb.fn.coalesce(eb.fn.sum<string>('spend'), eb.lit(0)).as('spend'),
      eb.fn.coalesce(eb.fn.sum<string>('points'), eb.lit(0)).as('points'),
      eb.fn.coalesce(eb.fn.sum<string>('purchases'), eb.lit(0)).as('purchases'),
    ])
    .where('member_id', '=', memberId)
    .where('program_id', '=', programId)
    .where('occurred_at', '<', w.to);
  if (w.from) q = q.where('occurred_at', '>=', w.from);
  const row = await q.executeTakeFirstOrThrow();
  return { spend: Number(row.spend), qualifyingPoints: Number(row.points), purchases: Number(row.purchases) };
}

/** Members whose status or grace period ran out by `now` (automatic tiers only), in id order from `afterId`. */
export async function dueMembers(
  db: Db,
  programId: string,
  now: Date,
  afterId: string | null,
  limit: number,
) {
  let q = db
    .selectFrom('member_tiers')
    .select('member_id')
    .where('program_id', '=', programId)
    .where('manual', '=', false)
    .where('review_at', 'is not', null)
    .where((eb) => eb(eb.fn.coalesce('grace_until', 'review_at'), '<=', now));
  if (afterId) q = q.where('member_id', '>', afterId);
  const rows = await q.orderBy('member_id').limit(limit).execute();
  return rows.map((r) => r.member_id);
}

/** Every member a recompute must look at: those with a tier row or any qualifying activity. */
function candidates(db: Db, programId: string) {
  return db
    .selectFrom('member_tiers')
    .select('member_id')
    .where('program_id', '=', programId)
    .union(db.selectFrom('tier_activity').select('member_id').where('program_id', '=', programId));
}

export async function countCandidates(db: Db, programId: string): Promise<number> {
  const row = await db
    .selectFrom(candidates(db, programId).as('c'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function candidatePage(db: Db, programId: string, afterId: string | null, limit: number) {
  let q = db.selectFrom(candidates(db, programId).as('c')).select('c.member_id');
  if (afterId) q = q.where('c.member_id', '>', afterId);
  const rows = await q.orderBy('c.member_id').limit(limit).execute();
  return rows.map((r) => r.member_id);
}

export async function insertRecompute(
  db: Db,
  row: Pick<RecomputeRow, 'id' | 'tenant_id' | 'program_id' | 'tier_set_version'>,
) {
  return db
    .insertInto('tier_recomputes')
    .values({ ...row, status: 'queued', last_member_id: null, error: null, finished_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findRecompute(db: Db, id: string) {
  return db.selectFrom('tier_recomputes').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateRecompute(db: Db, id: string, changes: Updateable<TierRecomputesTable>) {
  return db
    .updateTable('tier_recomputes')
    .set(changes)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function programsWithTiers(db: Db): Promise<{ programId: string; tenantId: string }[]> {
  const rows = await db.selectFrom('tier_sets').select(['program_id', 'tenant_id']).execute();
  return rows.map((r) => ({ programId: r.program_id, tenantId: r.tenant_id }));
}

/** Moves a merged duplicate's qualifying activity to the survivor: its spend and points count for the survivor. */
export async function moveTierActivity(db: Db, fromMemberId: string, toMemberId: string): Promise<number> {
  const result = await db
    .updateTable('tier_activity')
    .set({ member_id: toMemberId })
    .where('member_id', '=', fromMemberId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
