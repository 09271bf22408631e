import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../db/database.js';
import { enqueue } from '../jobs/jobs.repository.js';
import type { Program } from '../tenants/programs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { toDefinitions } from './definitions.js';
import { recomputeMember } from './reevaluate.js';
import {
  candidatePage,
  countCandidates,
  findRecompute,
  findTierSet,
  insertRecompute,
  type RecomputeRow,
  updateRecompute,
} from './tiers.repository.js';

export const RECOMPUTE_JOB = 'tiers.recompute';
const PAGE = 200;

/** Queues a recompute of every member against the program's current tier set; progress is kept on its row. */
export async function startRecompute(db: Db, program: Program, version: number): Promise<RecomputeRow> {
  const row = await insertRecompute(db, {
    id: uuidv7(),
    tenant_id: program.tenantId,
    program_id: program.id,
    tier_set_version: version,
  });
  await enqueue(db, { kind: RECOMPUTE_JOB, dedupeKey: row.id, payload: { recomputeId: row.id } });
  return row;
}

/**
 * Runs a recompute: members in id order, each in its own transaction, progress saved after every page. A retried run
 * resumes after the last saved member (each member's recompute is idempotent anyway). Always uses the newest tier
 * set, so a run queued before a further change applies that change too.
 */
export async function runRecompute(db: Db, id: string, now = new Date()): Promise<RecomputeRow> {
  let run = await findRecompute(db, id);
  if (run === undefined) throw new Error(`recompute ${id} does not exist`);
  if (run.status === 'done') return run;
  const program = await getProgram(db, run.tenant_id, run.program_id);
  const setRow = await findTierSet(db, program.id);
  if (setRow === undefined) throw new Error(`program ${program.id} has no tiers`);
  const defs = toDefinitions(setRow);
  run = await updateRecompute(db, id, {
    status: 'running',
    total: await countCandidates(db, program.id),
    error: null,
  });
  let afterId = run.last_member_id;
  let { processed, changed } = run;
  try {
    for (;;) {
      const page = await candidatePage(db, program.id, afterId, PAGE);
      for (const memberId of page) {
        const moved = await db
          .transaction()
          .execute((trx) => recomputeMember(trx, program, defs, memberId, now));
        processed++;
        if (moved) changed++;
      }
      const last = page[page.length - 1];
      if (last !== undefined) {
        afterId = last;
        run = await updateRecompute(db, id, { processed, changed, last_member_id: afterId });
      }
      if (page.length < PAGE) break;
    }
  } catch (error) {
    await updateRecompute(db, id, { error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  return updateRecompute(db, id, { status: 'done', processed, changed, finished_at: new Date() });
}
