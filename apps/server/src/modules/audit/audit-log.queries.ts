import type { Db } from '../../db/database.js';

export interface AuditFilter {
  subjectType?: string;
  subjectId?: string;
  actor?: string;
  action?: string;
  /** Keyset cursor: entries older than this one (ids are UUIDv7, so they sort by time). */
  before?: string;
  limit: number;
}

export interface AuditLogRow {
  id: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  details: Record<string, unknown>;
  createdAt: Date;
}

/** A page of the tenant's audit log, newest first; one row more than asked tells whether another page exists. */
export async function listAuditEntries(db: Db, tenantId: string, f: AuditFilter): Promise<AuditLogRow[]> {
  let q = db
    .selectFrom('audit_log')
    .select([
      'id',
      'actor',
      'action',
      'subject_type as subjectType',
      'subject_id as subjectId',
      'details',
      'created_at as createdAt',
    ])
    .where('tenant_id', '=', tenantId);
  if (f.subjectType !== undefined) q = q.where('subject_type', '=', f.subjectType);
  if (f.subjectId !== undefined) q = q.where('subject_id', '=', f.subjectId);
  if (f.actor !== undefined) q = q.where('actor', '=', f.actor);
  if (f.action !== undefined) q = q.where('action', '=', f.action);
  if (f.before !== undefined) q = q.where('id', '<', f.before);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}
