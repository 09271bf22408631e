import { type Kysely, sql } from 'kysely';

/**
 * The program-wide churn count and CLV distribution, written by each metrics refresh next to the fit they come from.
 * They change only when the refresh rewrites member_metrics, so the KPI dashboard reads them here instead of scanning
 * every member's metrics on each request.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE program_models ADD COLUMN model_totals jsonb`.execute(db);
}
