import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { EventsTable } from '../../db/schema.js';

export type EventRow = Selectable<EventsTable>;

export async function countEvents(db: Db, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('member_id', '=', memberId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Inserts the event unless its externalId exists in the program (then undefined, after any concurrent insert commits). */
export async function insertEvent(
  db: Db,
  row: Omit<EventRow, 'created_at' | 'points_awarded' | 'journal_id' | 'effects' | 'properties'> & {
    properties: Record<string, unknown>;
  },
): Promise<EventRow | undefined> {
  return db
    .insertInto('events')
    .values({ ...row, properties: JSON.stringify(row.properties) as never })
    .onConflict((oc) => oc.columns(['program_id', 'external_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findEventByExternalId(db: Db, programId: string, externalId: string) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('program_id', '=', programId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function findEvent(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function recordEventOutcome(
  db: Db,
  id: string,
  outcome: { points: number; journalId: string | null; effects: unknown[] },
): Promise<EventRow> {
  return db
    .updateTable('events')
    .set({
      points_awarded: outcome.points,
      journal_id: outcome.journalId,
      effects: JSON.stringify(outcome.effects),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Events of a program in a time window, oldest first: what a backtest replays. */
export async function eventsBetween(db: Db, programId: string, from: Date, to: Date): Promise<EventRow[]> {
  return db
    .selectFrom('events')
    .selectAll()
    .where('program_id', '=', programId)
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<', to)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}
