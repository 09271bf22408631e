import type { Db } from '../../db/database.js';
import type { JobHandler } from '../jobs/job-runner.js';
import { enqueue } from '../jobs/jobs.repository.js';
import { listAllPrograms } from '../tenants/programs.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { expireWallet, tierExemption, walletsDueForExpiry } from './expire.js';
import { overdueHolds, releaseHold } from './holds.js';
import { ledgerScope } from './ledger.service.js';

/**
 * Expires every wallet of a program that has points due at `now`, each in its own short transaction so one
 * member's lock never holds up another's. Idempotent: a second run finds nothing due. Members in the policy's
 * exempt tiers are listed (their lots are past their dates) but skipped inside the lock.
 */
export async function expirePoints(db: Db, tenantId: string, programId: string, now: Date): Promise<number> {
  const scope = await ledgerScope(db, await getProgram(db, tenantId, programId));
  const exemption = tierExemption(programId, scope.policy.expiryExemptTiers);
  let expired = 0;
  for (const accountId of await walletsDueForExpiry(db, scope, now)) {
    const journal = await db
      .transaction()
      .execute((trx) => expireWallet(trx, scope, accountId, now, exemption));
    if (journal) expired++;
  }
  return expired;
}

/** Returns the points of holds whose TTL has passed. Idempotent: a settled hold is skipped. */
export async function expireHolds(db: Db, tenantId: string, programId: string, now: Date): Promise<number> {
  const scope = await ledgerScope(db, await getProgram(db, tenantId, programId));
  let released = 0;
  for (const hold of await overdueHolds(db, programId, now)) {
    const wallet = { memberId: hold.memberId, code: hold.code, unit: hold.unit };
    await db.transaction().execute(async (trx) => {
      try {
        await releaseHold(trx, scope, { wallet, holdId: hold.id, now, status: 'expired' });
        released++;
      } catch (error) {
        // Settled by a capture or release since we listed it: nothing left to do.
        if (!(error instanceof Error && 'code' in error && error.code === 'hold_settled')) throw error;
      }
    });
  }
  return released;
}

const expirePointsJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as { tenantId: string; programId: string };
  await expirePoints(db, tenantId, programId, new Date());
};

const expireHoldsJob: JobHandler = async (db, job) => {
  const { tenantId, programId } = job.payload as { tenantId: string; programId: string };
  await expireHolds(db, tenantId, programId, new Date());
};

export const ledgerJobHandlers: Record<string, JobHandler> = {
  'ledger.expire-points': expirePointsJob,
  'ledger.expire-holds': expireHoldsJob,
};

/**
 * Enqueues this period's expiry sweeps for every program. The dedupe key is the period, so any number of
 * schedulers (server replicas, workers) enqueue each sweep once.
 */
export async function scheduleLedgerJobs(db: Db, now: Date, periodMinutes = 1): Promise<void> {
  const period = Math.floor(now.getTime() / (periodMinutes * 60_000));
  for (const program of await listAllPrograms(db)) {
    const payload = { tenantId: program.tenantId, programId: program.id };
    await enqueue(db, { kind: 'ledger.expire-holds', dedupeKey: `${program.id}:${period}`, payload });
    await enqueue(db, { kind: 'ledger.expire-points', dedupeKey: `${program.id}:${period}`, payload });
  }
}
