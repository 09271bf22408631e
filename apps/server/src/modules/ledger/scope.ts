import type { Db } from '../../db/database.js';
import { type Account, lockAccount, programAccount } from './accounts.repository.js';
import type { LedgerPolicy } from './policy.js';

/** Everything an operation needs to know about the program whose ledger it writes. */
export interface LedgerScope {
  tenantId: string;
  programId: string;
  timezone: string;
  policy: LedgerPolicy;
}

/** A member wallet: `code` names the wallet type (points, status, credit …), `unit` its unit (points or currency). */
export interface WalletRef {
  memberId: string;
  code: string;
  unit: string;
}

export const MAIN_WALLET = { code: 'points', unit: 'points' } as const;

/** Program-side accounts, one set per wallet type. */
export type ProgramAccountKind = 'issued' | 'redeemed' | 'expired' | 'adjustments' | 'holds';

export function lockWallet(db: Db, scope: LedgerScope, wallet: WalletRef): Promise<Account> {
  return lockAccount(db, {
    tenantId: scope.tenantId,
    programId: scope.programId,
    memberId: wallet.memberId,
    code: wallet.code,
    unit: wallet.unit,
  });
}

export function counterAccount(
  db: Db,
  scope: LedgerScope,
  kind: ProgramAccountKind,
  wallet: Pick<WalletRef, 'code' | 'unit'>,
): Promise<Account> {
  return programAccount(db, {
    tenantId: scope.tenantId,
    programId: scope.programId,
    code: `${kind}:${wallet.code}`,
    unit: wallet.unit,
  });
}

/** Common journal metadata every operation accepts. */
export interface JournalMeta {
  idempotencyKey?: string | null;
  reference?: string | null;
  reason?: string | null;
  actor?: string | null;
  explanation: string;
  occurredAt: Date;
  /** The coalition partner that caused the journal; settlement sums the entries of its journals. */
  partnerId?: string | null;
}

export function journalFields(scope: LedgerScope, memberId: string | null, kind: string, meta: JournalMeta) {
  return {
    tenantId: scope.tenantId,
    programId: scope.programId,
    kind,
    memberId,
    idempotencyKey: meta.idempotencyKey ?? null,
    reference: meta.reference ?? null,
    reason: meta.reason ?? null,
    actor: meta.actor ?? null,
    explanation: meta.explanation,
    occurredAt: meta.occurredAt,
    partnerId: meta.partnerId ?? null,
  };
}
