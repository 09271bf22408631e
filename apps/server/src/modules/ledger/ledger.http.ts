import type { Db } from '../../db/database.js';
import { notFound } from '../../http/problem.js';
import { requireLiveMember } from '../members/identities.service.js';
import { getProgram } from '../tenants/programs.service.js';
import type { JournalRow } from './journals.repository.js';
import type { JournalDto } from './ledger.schemas.js';
import { ledgerScope } from './ledger.service.js';
import type { LedgerScope, WalletRef } from './scope.js';
import { findWalletType } from './wallet-types.repository.js';

/** Resolves a member of the caller's tenant to its program's ledger scope and a wallet reference. */
export async function memberLedger(
  db: Db,
  tenantId: string,
  memberId: string,
  walletCode = 'points',
): Promise<{ scope: LedgerScope; wallet: WalletRef; programCurrency: string }> {
  const member = await requireLiveMember(db, tenantId, memberId);
  const program = await getProgram(db, tenantId, member.program_id);
  const unit = await walletUnit(db, program.id, walletCode, program.currency);
  return {
    scope: await ledgerScope(db, program),
    wallet: { memberId, code: walletCode, unit },
    programCurrency: program.currency,
  };
}

/** The main wallet holds points; other wallets must be declared by the program. */
async function walletUnit(db: Db, programId: string, code: string, currency: string): Promise<string> {
  if (code === 'points') return 'points';
  const type = await findWalletType(db, programId, code);
  if (type === undefined) throw notFound('wallet_type', code);
  return type.unit === 'currency' ? currency : type.unit;
}

/**
 * Journals as the member's wallet saw them: the signed change of that wallet. The entries of all journals are read
 * in one query, so a timeline of 200 lines costs two queries, not 201.
 */
export async function toJournalDtos(db: Db, journals: JournalRow[]): Promise<JournalDto[]> {
  if (journals.length === 0) return [];
  const entries = await db
    .selectFrom('ledger_entries')
    .innerJoin('ledger_accounts', 'ledger_accounts.id', 'ledger_entries.account_id')
    .select([
      'ledger_entries.journal_id',
      'ledger_entries.amount',
      'ledger_accounts.code',
      'ledger_accounts.member_id',
    ])
    .where(
      'ledger_entries.journal_id',
      'in',
      journals.map((j) => j.id),
    )
    .execute();
  return journals.map((journal) => {
    const mine = entries.filter((e) => e.journal_id === journal.id);
    const own = mine.filter((e) => e.member_id !== null && e.member_id === journal.memberId);
    const program = mine.find((e) => e.member_id === null);
    return {
      id: journal.id,
      kind: journal.kind,
      memberId: journal.memberId,
      amount: own.reduce((s, e) => s + Number(e.amount), 0),
      wallet: own[0]?.code ?? program?.code.split(':')[1] ?? 'points',
      explanation: journal.explanation,
      reference: journal.reference,
      reason: journal.reason,
      actor: journal.actor,
      occurredAt: journal.occurredAt.toISOString(),
      createdAt: journal.createdAt.toISOString(),
    };
  });
}

export async function toJournalDto(db: Db, journal: JournalRow): Promise<JournalDto> {
  const [dto] = await toJournalDtos(db, [journal]);
  if (dto === undefined) throw new Error('journal vanished');
  return dto;
}
