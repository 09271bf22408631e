import type { Db } from '../../db/database.js';
import { applyEffects } from '../engine/apply-effects.js';
import { memberSnapshot } from '../engine/member-snapshot.js';
import { runRules } from '../engine/run-rules.js';
import { isLiveMember } from '../engine/trigger-candidates.repository.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import type { LedgerScope } from '../ledger/scope.js';
import type { LiveRule } from '../rules/evaluation.types.js';
import type { Program } from '../tenants/programs.repository.js';
import { segmentTriggerRules } from './membership.js';

/**
 * Runs the `segment_entered` / `segment_left` rules for the entries and exits a recompute queued in
 * `segment_changes`. The queue row is written in the recompute's own transaction, so an acknowledged change is never
 * lost; each row is then taken (deleted) in the same short transaction that evaluates the member's rules and applies
 * their effects, so it fires exactly once: a crash or error rolls both back and the next run retries it. Rules are
 * those live when the row is processed, evaluated at the time of the change.
 */
export interface TriggerRun {
  /** Changes taken from the queue. */
  fired: number;
  /** Of those, the ones where some rule applied. */
  applied: number;
  failed: number;
  errors: string[];
}

interface ChangeRow {
  id: number;
  segment_code: string;
  member_id: string;
  change: 'entered' | 'left';
  at: Date;
}

async function fireOne(
  trx: Db,
  program: Program,
  scope: LedgerScope,
  rules: LiveRule[],
  id: number,
): Promise<'skipped' | 'fired' | 'applied'> {
  const row = (await trx
    .deleteFrom('segment_changes')
    .where('id', '=', id)
    .returning(['id', 'segment_code', 'member_id', 'change', 'at'])
    .executeTakeFirst()) as ChangeRow | undefined;
  // Taken by a concurrent run, or the member is gone or blocked: nothing to do (the row is consumed).
  if (row === undefined) return 'skipped';
  if (rules.length === 0 || !(await isLiveMember(trx, row.member_id))) return 'fired';
  const trigger = row.change === 'entered' ? 'segment_entered' : 'segment_left';
  const member = await memberSnapshot(trx, program.tenantId, program.id, row.member_id, rules);
  const result = await runRules(
    trx,
    program.id,
    {
      rules,
      activity: { trigger, segment: row.segment_code, occurredAt: row.at },
      member,
      timezone: program.timezone,
    },
    'apply',
  );
  if (!result.outcomes.some((o) => o.applied)) return 'fired';
  const key = `${trigger}:${row.segment_code}:${row.id}`;
  await applyEffects(
    trx,
    {
      scope,
      memberId: row.member_id,
      reference: key,
      subject: `${row.change === 'entered' ? 'entering' : 'leaving'} segment ${row.segment_code}`,
      occurredAt: row.at,
      idempotencyKey: key,
      journalKind: 'bonus',
    },
    result,
  );
  return 'applied';
}

/** Works through the program's queued changes in id order, a page at a time; one failing member stops no other. */
export async function fireSegmentTriggers(
  db: Db,
  program: Program,
  options: { batchSize?: number } = {},
): Promise<TriggerRun> {
  const run: TriggerRun = { fired: 0, applied: 0, failed: 0, errors: [] };
  const rules = await segmentTriggerRules(db, program);
  const scope = await ledgerScope(db, program);
  const limit = options.batchSize ?? 500;
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('segment_changes')
      .select('id')
      .where('program_id', '=', program.id)
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .execute();
    for (const { id } of page) {
      const changeId = Number(id);
      after = changeId;
      try {
        const outcome = await db
          .transaction()
          .execute((trx) => fireOne(trx, program, scope, rules, changeId));
        if (outcome !== 'skipped') run.fired++;
        if (outcome === 'applied') run.applied++;
      } catch (error) {
        run.failed++;
        if (run.errors.length < 10)
          run.errors.push(`change ${changeId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (page.length < limit) return run;
  }
}
