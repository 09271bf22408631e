import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { CouponSeriesTable } from '../../db/schema.js';

export type SeriesRow = Selectable<CouponSeriesTable>;

export async function insertSeries(db: Db, row: Insertable<CouponSeriesTable>): Promise<SeriesRow> {
  return db.insertInto('coupon_series').values(row).returningAll().executeTakeFirstOrThrow();
}

/** By id within a tenant (API), or by id alone (jobs and the CLI, which act for the operator). */
export async function findSeries(
  db: Db,
  id: string,
  tenantId: string | undefined,
  lock = false,
): Promise<SeriesRow | undefined> {
  let q = db.selectFrom('coupon_series').selectAll().where('id', '=', id);
  if (tenantId !== undefined) q = q.where('tenant_id', '=', tenantId);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export async function listSeries(db: Db, tenantId: string, programId: string): Promise<SeriesRow[]> {
  return db
    .selectFrom('coupon_series')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('program_id', '=', programId)
    .orderBy('created_at', 'desc')
    .limit(500)
    .execute();
}

export async function bumpSeries(
  db: Db,
  id: string,
  add: { generateTotal?: number; generated?: number; imported?: number },
): Promise<SeriesRow> {
  return db
    .updateTable('coupon_series')
    .set({
      generate_total: sql`generate_total + ${add.generateTotal ?? 0}`,
      generated: sql`generated + ${add.generated ?? 0}`,
      imported: sql`imported + ${add.imported ?? 0}`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
