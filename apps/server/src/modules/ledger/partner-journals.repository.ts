import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

/**
 * The ledger side of coalition partners: journals a partner caused carry its id from the moment they are written
 * (JournalMeta.partnerId; the ledger is append-only), and settlement is a sum over the entries of those journals.
 * Kept here because only the ledger module reads its tables.
 */

export interface PartnerMovement {
  partnerId: string;
  /** Net points moved out of the program's `issued` account (earned at the partner, minus clawbacks). */
  issued: number;
  /** Net points moved into the program's `redeemed` account (spent at the partner). */
  redeemed: number;
}

/**
 * Per partner, the net of the program-side `issued` and `redeemed` entries of the main points wallet over journals
 * the partner caused whose occurred_at is in [from, to). Program accounts only, so member wallets never count twice.
 */
export async function partnerMovements(
  db: Db,
  programId: string,
  from: Date,
  to: Date,
): Promise<PartnerMovement[]> {
  const result = await sql<{ partner_id: string; code: string; total: string | number }>`
    SELECT j.partner_id, a.code, SUM(e.amount) AS total
    FROM ledger_entries e
    JOIN ledger_journals j ON j.id = e.journal_id
    JOIN ledger_accounts a ON a.id = e.account_id
    WHERE j.program_id = ${programId} AND j.partner_id IS NOT NULL
      AND j.occurred_at >= ${from} AND j.occurred_at < ${to}
      AND a.member_id IS NULL AND a.code IN ('issued:points', 'redeemed:points')
    GROUP BY j.partner_id, a.code`.execute(db);
  const byPartner = new Map<string, PartnerMovement>();
  for (const r of result.rows) {
    const m = byPartner.get(r.partner_id) ?? { partnerId: r.partner_id, issued: 0, redeemed: 0 };
    // The issued account is the source of points: earning makes it more negative, a clawback gives back.
    if (r.code === 'issued:points') m.issued = 0 - Number(r.total);
    else m.redeemed = Number(r.total);
    byPartner.set(r.partner_id, m);
  }
  return [...byPartner.values()];
}
