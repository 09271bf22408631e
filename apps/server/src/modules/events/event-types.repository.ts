import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { EventTypesTable } from '../../db/schema.js';

export type EventTypeRow = Selectable<EventTypesTable>;

export async function listEventTypes(db: Db, programId: string): Promise<EventTypeRow[]> {
  return db
    .selectFrom('event_types')
    .selectAll()
    .where('program_id', '=', programId)
    .orderBy('type')
    .execute();
}

export async function findEventType(
  db: Db,
  programId: string,
  type: string,
): Promise<EventTypeRow | undefined> {
  return db
    .selectFrom('event_types')
    .selectAll()
    .where('program_id', '=', programId)
    .where('type', '=', type)
    .executeTakeFirst();
}

/** Registers an event type or replaces its name, description and property schema. */
export async function saveEventType(
  db: Db,
  row: Omit<EventTypeRow, 'created_at' | 'updated_at' | 'schema'> & { schema: Record<string, unknown> },
): Promise<EventTypeRow> {
  return db
    .insertInto('event_types')
    .values({ ...row, schema: JSON.stringify(row.schema) })
    .onConflict((oc) =>
      oc.columns(['program_id', 'type']).doUpdateSet({
        name: row.name,
        description: row.description,
        schema: JSON.stringify(row.schema),
        updated_at: new Date(),
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}
