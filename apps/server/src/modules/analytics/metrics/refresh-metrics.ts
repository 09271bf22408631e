import { sql } from 'kysely';
import type { Db } from '../../../db/database.js';
import { recomputeProgramSegments } from '../../segments/recompute.js';
import type { Program } from '../../tenants/programs.repository.js';
import { modelTotals } from '../kpis/kpis.queries.js';
import { analyzeSources, classifyLoyalty, rebuildMemberMetrics, scoreRfm } from './metrics.queries.js';
import { type ClvSettings, type ModelFit, predictMembers } from './model-predictions.js';

export type RefreshPhase = 'metrics' | 'rfm' | 'loyalty' | 'models';

export interface RefreshResult {
  members: number;
  fit: ModelFit;
  seconds: number;
}

/** The program's CLV settings, with the documented defaults until someone sets them. */
export async function clvSettings(db: Db, programId: string): Promise<ClvSettings> {
  const row = await db
    .selectFrom('program_models')
    .selectAll()
    .where('program_id', '=', programId)
    .executeTakeFirst();
  return {
    discountRate: row?.discount_rate ?? 0.1,
    margin: row?.margin ?? 0.3,
    months: row?.clv_months ?? 12,
  };
}

/**
 * Recomputes every member's metrics, RFM, loyalty type and model predictions for one program, in one transaction so
 * readers see the old figures or the new ones, never a half-built table. Safe to run at any time and repeatedly.
 */
export async function refreshProgramMetrics(
  db: Db,
  program: Program,
  now: Date,
  onPhase?: (phase: RefreshPhase) => void,
): Promise<RefreshResult> {
  const started = Date.now();
  return db.transaction().execute(async (trx) => {
    // One refresh per program at a time; a second waits rather than interleaving deletes and inserts.
    await sql`SELECT pg_advisory_xact_lock(hashtext('metrics:' || ${program.id}))`.execute(trx);
    onPhase?.('metrics');
    await analyzeSources(trx);
    const members = await rebuildMemberMetrics(trx, program, now);
    onPhase?.('rfm');
    await scoreRfm(trx, program.id);
    onPhase?.('loyalty');
    await classifyLoyalty(trx, program.id, now);
    onPhase?.('models');
    const fit = await predictMembers(trx, program, now, await clvSettings(trx, program.id));
    const totals = JSON.stringify(await modelTotals(trx, program.id));
    await trx
      .insertInto('program_models')
      .values({
        program_id: program.id,
        tenant_id: program.tenantId,
        fit: JSON.stringify(fit),
        fitted_at: now,
        refreshed_at: now,
        model_totals: totals,
      })
      .onConflict((oc) =>
        oc.column('program_id').doUpdateSet({
          fit: JSON.stringify(fit),
          fitted_at: now,
          refreshed_at: now,
          model_totals: totals,
          updated_at: new Date(),
        }),
      )
      .execute();
    // Dynamic segments move on the figures just written, in the same transaction (see docs/segments.md).
    await recomputeProgramSegments(trx, program, now, 'dynamic');
    return { members, fit, seconds: (Date.now() - started) / 1000 };
  });
}
