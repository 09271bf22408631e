import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CampaignsTable, CampaignVersionsTable } from '../../db/schema.js';

export type CampaignRow = Selectable<CampaignsTable>;
export type VersionRow = Selectable<CampaignVersionsTable>;

export async function insertCampaign(db: Db, row: Omit<CampaignRow, 'created_at' | 'updated_at'>) {
  return db
    .insertInto('campaigns')
    .values({ ...row, draft: JSON.stringify(row.draft) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The base campaign, created at most once per program (a concurrent second insert does nothing). */
export async function insertBaseCampaign(db: Db, row: Omit<CampaignRow, 'created_at' | 'updated_at'>) {
  return db
    .insertInto('campaigns')
    .values({ ...row, draft: JSON.stringify(row.draft) })
    .onConflict((oc) => oc.column('program_id').where('kind', '=', 'base').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findCampaign(db: Db, tenantId: string, id: string, lock = false) {
  const q = db.selectFrom('campaigns').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id);
  return lock ? q.forUpdate().executeTakeFirst() : q.executeTakeFirst();
}

export async function findBaseCampaign(db: Db, programId: string) {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('program_id', '=', programId)
    .where('kind', '=', 'base')
    .executeTakeFirst();
}

export async function listCampaigns(db: Db, tenantId: string, programId: string) {
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('program_id', '=', programId)
    .orderBy('kind', 'asc')
    .orderBy('created_at', 'desc')
    .execute();
}

export async function updateCampaign(
  db: Db,
  id: string,
  changes: Partial<Omit<CampaignRow, 'id' | 'draft'>> & { draft?: unknown },
) {
  const { draft, ...plain } = changes;
  return db
    .updateTable('campaigns')
    .set({
      ...plain,
      ...(draft !== undefined ? { draft: JSON.stringify(draft) } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertVersion(db: Db, row: VersionRow) {
  return db
    .insertInto('campaign_versions')
    .values({ ...row, document: JSON.stringify(row.document) as never })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function versionsOf(db: Db, campaignIds: string[]): Promise<VersionRow[]> {
  if (campaignIds.length === 0) return [];
  return db
    .selectFrom('campaign_versions')
    .selectAll()
    .where('campaign_id', 'in', campaignIds)
    .orderBy('campaign_id')
    .orderBy('version')
    .execute();
}

export async function findVersion(db: Db, campaignId: string, version: number) {
  return db
    .selectFrom('campaign_versions')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function recordStatus(
  db: Db,
  campaignId: string,
  status: string,
  at: Date,
  actor: string | null,
) {
  await db
    .insertInto('campaign_status_changes')
    .values({ campaign_id: campaignId, status, changed_at: at, actor })
    .execute();
}

/**
 * For each campaign of a program: the version published last at or before `at`, and the status it had then
 * (the last recorded status change at or before `at`). Drafts that were never published have no row.
 */
export async function versionsLiveAt(db: Db, programId: string, at: Date) {
  return db
    .selectFrom('campaigns as c')
    .innerJoin('campaign_versions as v', 'v.campaign_id', 'c.id')
    .select([
      'c.id as campaignId',
      'c.kind',
      'v.id as versionId',
      'v.version',
      'v.document',
      (eb) =>
        eb
          .selectFrom('campaign_status_changes as s')
          .select('s.status')
          .whereRef('s.campaign_id', '=', 'c.id')
          .where('s.changed_at', '<=', at)
          .orderBy('s.changed_at', 'desc')
          .orderBy('s.id', 'desc')
          .limit(1)
          .as('status'),
      (eb) =>
        eb
          .selectFrom('campaign_status_changes as s')
          .select((e) => e.fn.max('s.changed_at').as('at'))
          .whereRef('s.campaign_id', '=', 'c.id')
          .as('lastStatusAt'),
      'v.published_at as publishedAt',
    ])
    .where('c.program_id', '=', programId)
    .where('v.published_at', '<=', at)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('campaign_versions as later')
            .select('later.id')
            .whereRef('later.campaign_id', '=', 'c.id')
            .whereRef('later.version', '>', 'v.version')
            .where('later.published_at', '<=', at),
        ),
      ),
    )
    .execute();
}
