import type { Db } from '../../db/database.js';
import { conflict, notFound } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.repository.js';
import { memberAccounts } from '../ledger/accounts.repository.js';
import { openHoldCount } from '../ledger/holds.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import { mergeWallet } from '../ledger/transfer.js';
import { lockMembers, markMerged, moveIdentities } from '../members/merge.repository.js';
import { getProgram } from '../tenants/programs.service.js';
import { moveTierActivity } from '../tiers/tiers.repository.js';
import { reassignMember } from '../transactions/transactions.repository.js';

export interface MergeResult {
  survivorId: string;
  duplicateId: string;
  identitiesMoved: number;
  transactionsMoved: number;
  walletsMerged: { wallet: string; amount: number }[];
}

/**
 * Folds a duplicate profile into a survivor, irreversibly and in one transaction: identities, every wallet's lots
 * with their original dates (and any debt), and the purchase history move to the survivor; the duplicate becomes a
 * tombstone pointing at it; the audit log records who did it. Refused while the duplicate has points on hold.
 */
export async function mergeMembers(
  db: Db,
  tenantId: string,
  input: { survivorId: string; duplicateId: string; actor: string },
  now = new Date(),
): Promise<MergeResult> {
  const { survivorId, duplicateId } = input;
  if (survivorId === duplicateId) throw conflict('merge_into_self', 'A member cannot be merged into itself');
  const rows = await lockMembers(db, tenantId, [survivorId, duplicateId]);
  const survivor = rows.find((r) => r.id === survivorId);
  const duplicate = rows.find((r) => r.id === duplicateId);
  if (!survivor) throw notFound('member', survivorId);
  if (!duplicate) throw notFound('member', duplicateId);
  for (const m of [survivor, duplicate]) {
    if (m.status === 'deleted') throw conflict('member_deleted', `Member ${m.id} has been deleted or merged`);
  }
  if (survivor.program_id !== duplicate.program_id) {
    throw conflict('different_program', 'Only members of the same program can be merged');
  }
  const openHolds = await openHoldCount(db, duplicateId);
  if (openHolds > 0) {
    throw conflict(
      'open_holds',
      `Member ${duplicateId} has ${openHolds} open hold(s); capture or release them first`,
    );
  }
  const scope = await ledgerScope(db, await getProgram(db, tenantId, survivor.program_id));
  const walletsMerged: MergeResult['walletsMerged'] = [];
  for (const account of await memberAccounts(db, scope.programId, duplicateId)) {
    const journal = await mergeWallet(db, scope, {
      duplicate: { memberId: duplicateId, code: account.code, unit: account.unit },
      survivor: { memberId: survivorId, code: account.code, unit: account.unit },
      occurredAt: now,
      actor: input.actor,
      reference: `merge:${duplicateId}`,
      explanation: `${account.balance} ${account.unit} moved from merged profile ${duplicateId}`,
    });
    if (journal) walletsMerged.push({ wallet: account.code, amount: account.balance });
  }
  const identitiesMoved = await moveIdentities(db, duplicateId, survivorId);
  const transactionsMoved = await reassignMember(db, duplicateId, survivorId);
  // Tier status is not merged (the survivor keeps its own); what the duplicate did counts for the survivor's next
  // qualification, at its next purchase or review.
  await moveTierActivity(db, duplicateId, survivorId);
  await markMerged(db, duplicateId, survivorId, now);
  const result = { survivorId, duplicateId, identitiesMoved, transactionsMoved, walletsMerged };
  await recordAudit(db, {
    tenantId,
    actor: input.actor,
    action: 'member.merged',
    subjectType: 'member',
    subjectId: survivorId,
    details: { ...result },
  });
  return result;
}
