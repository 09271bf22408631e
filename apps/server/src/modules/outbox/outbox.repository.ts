import type { Db } from '../../db/database.js';

export interface OutboxMessage {
  tenantId: string;
  programId: string | null;
  type: string;
  payload: Record<string, unknown>;
}

/** Records a side effect in the caller's transaction: it exists exactly when the change that caused it does. */
export async function enqueueOutbox(db: Db, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto('outbox')
    .values(
      messages.map((m) => ({
        tenant_id: m.tenantId,
        program_id: m.programId,
        type: m.type,
        payload: JSON.stringify(m.payload) as never,
      })),
    )
    .execute();
}

export async function listOutbox(db: Db, tenantId: string, afterId: number, limit: number) {
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}
