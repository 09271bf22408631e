import type { Db } from '../../db/database.js';
import type { JournalRow } from './journals.repository.js';
import { lotLineage, lotsOfJournal, setLotAvailableAt } from './lots.repository.js';
import { postJournal } from './posting.js';
import { journalFields, type LedgerScope, lockWallet, type WalletRef } from './scope.js';

/**
 * Makes the pending points of a credit spendable now (e.g. the return window was waived). Only the lots' release
 * date changes, so no entries are written; the journal records who did it and when. Returns null when nothing of
 * the credit was still pending.
 */
export async function activatePending(
  db: Db,
  scope: LedgerScope,
  input: { wallet: WalletRef; credit: JournalRow; now: Date; actor: string | null },
): Promise<JournalRow | null> {
  const account = await lockWallet(db, scope, input.wallet);
  const lineage = (
    await Promise.all((await lotsOfJournal(db, input.credit.id)).map((l) => lotLineage(db, l.id)))
  ).flat();
  const pending = lineage.filter(
    (l) => l.accountId === account.id && l.remaining > 0 && l.availableAt > input.now,
  );
  if (pending.length === 0) return null;
  for (const lot of pending) await setLotAvailableAt(db, lot.id, input.now);
  const points = pending.reduce((s, l) => s + l.remaining, 0);
  return postJournal(db, {
    journal: {
      ...journalFields(scope, input.wallet.memberId, 'activate', {
        occurredAt: input.now,
        actor: input.actor,
        reference: input.credit.reference,
        explanation: `${points} pending ${input.wallet.unit} made available early`,
      }),
      reversesId: null,
    },
    lines: [],
  });
}
