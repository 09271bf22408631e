import type { Db } from '../../db/database.js';
import type { Program } from '../tenants/programs.repository.js';
import { getPolicy } from './policy.js';
import type { LedgerScope } from './scope.js';

/** The ledger's view of a program: identity, time zone and current policy. */
export async function ledgerScope(
  db: Db,
  program: Pick<Program, 'id' | 'tenantId' | 'timezone'>,
): Promise<LedgerScope> {
  return {
    tenantId: program.tenantId,
    programId: program.id,
    timezone: program.timezone,
    policy: await getPolicy(db, program.id),
  };
}
