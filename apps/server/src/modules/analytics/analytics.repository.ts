import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export async function findMemberMetrics(db: Db, tenantId: string, memberId: string) {
  return db
    .selectFrom('member_metrics')
    .innerJoin('members', 'members.id', 'member_metrics.member_id')
    .selectAll('member_metrics')
    .select('members.created_at as member_created_at')
    .where('member_metrics.tenant_id', '=', tenantId)
    .where('member_metrics.member_id', '=', memberId)
    .executeTakeFirst();
}

export async function findProgramModels(db: Db, programId: string) {
  return db.selectFrom('program_models').selectAll().where('program_id', '=', programId).executeTakeFirst();
}

export async function saveAnalyticsSettings(
  db: Db,
  program: { id: string; tenantId: string },
  s: { discountRate: number; margin: number; clvMonths: number },
): Promise<void> {
  const values = {
    discount_rate: s.discountRate,
    margin: s.margin,
    clv_months: s.clvMonths,
    updated_at: new Date(),
  };
  await db
    .insertInto('program_models')
    .values({ program_id: program.id, tenant_id: program.tenantId, ...values })
    .onConflict((oc) => oc.column('program_id').doUpdateSet(values))
    .execute();
}

/** Members per value of one metrics column (rfm_segment or loyalty_type), with the time of the last refresh. */
export async function distribution(db: Db, programId: string, column: 'rfm_segment' | 'loyalty_type') {
  const rows = await db
    .selectFrom('member_metrics')
    .select([column, (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.max('computed_at').as('at')])
    .where('program_id', '=', programId)
    .where(column, 'is not', null)
    .groupBy(column)
    .execute();
  return rows.map((r) => ({
    key: String(r[column as keyof typeof r]),
    members: Number(r.n),
    at: r.at as Date | null,
  }));
}

export async function rfmGrid(db: Db, programId: string) {
  const rows = await sql<{ r: number; f: number; n: number; monetary: number }>`
    SELECT rfm_r AS r, rfm_f AS f, count(*) AS n, sum(monetary) AS monetary FROM member_metrics
    WHERE program_id = ${programId}::uuid AND rfm_r IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`.execute(db);
  return rows.rows.map((r) => ({
    r: Number(r.r),
    f: Number(r.f),
    members: Number(r.n),
    monetary: Number(r.monetary),
  }));
}
