import { sql } from 'kysely';
import type { Db } from '../../db/database.js';

export interface Drift {
  kind:
    | 'journal_unbalanced'
    | 'balance_vs_entries'
    | 'balance_vs_lots'
    | 'lot_vs_movements'
    | 'lot_out_of_bounds';
  id: string;
  expected: number;
  actual: number;
}

/**
 * Recomputes everything the ledger caches from its append-only history and reports every difference. On a healthy
 * ledger the result is always empty.
 */
export async function verifyLedger(db: Db, programId?: string): Promise<Drift[]> {
  const scope = programId ? sql`AND a.program_id = ${programId}` : sql``;
  const unbalanced = await sql<{ id: string; total: number }>`
    SELECT j.id, SUM(e.amount) AS total FROM ledger_journals j JOIN ledger_entries e ON e.journal_id = j.id
    JOIN ledger_accounts a ON a.id = e.account_id WHERE true ${scope}
    GROUP BY j.id HAVING SUM(e.amount) <> 0`.execute(db);
  const balances = await sql<{ id: string; balance: number; entries: number; lots: number; debt: number }>`
    SELECT a.id, a.balance, a.debt,
      COALESCE((SELECT SUM(amount) FROM ledger_entries e WHERE e.account_id = a.id), 0) AS entries,
      COALESCE((SELECT SUM(remaining) FROM ledger_lots l WHERE l.account_id = a.id), 0) AS lots
    FROM ledger_accounts a WHERE a.member_id IS NOT NULL ${scope}`.execute(db);
  const lots = await sql<{ id: string; amount: number; remaining: number; moved: number }>`
    SELECT l.id, l.amount, l.remaining,
      COALESCE((SELECT SUM(m.amount) FROM ledger_lot_movements m WHERE m.lot_id = l.id), 0) AS moved
    FROM ledger_lots l JOIN ledger_accounts a ON a.id = l.account_id WHERE true ${scope}`.execute(db);
  const drift: Drift[] = [];
  for (const j of unbalanced.rows) {
    drift.push({ kind: 'journal_unbalanced', id: j.id, expected: 0, actual: Number(j.total) });
  }
  for (const a of balances.rows) {
    const [balance, entries, lotSum, debt] = [a.balance, a.entries, a.lots, a.debt].map(Number) as number[];
    if (balance !== entries)
      drift.push({ kind: 'balance_vs_entries', id: a.id, expected: entries ?? 0, actual: balance ?? 0 });
    if (balance !== (lotSum ?? 0) - (debt ?? 0)) {
      drift.push({
        kind: 'balance_vs_lots',
        id: a.id,
        expected: (lotSum ?? 0) - (debt ?? 0),
        actual: balance ?? 0,
      });
    }
  }
  for (const l of lots.rows) {
    const [amount, remaining, moved] = [l.amount, l.remaining, l.moved].map(Number) as [
      number,
      number,
      number,
    ];
    if (remaining !== amount + moved)
      drift.push({ kind: 'lot_vs_movements', id: l.id, expected: amount + moved, actual: remaining });
    if (remaining < 0 || remaining > amount)
      drift.push({ kind: 'lot_out_of_bounds', id: l.id, expected: amount, actual: remaining });
  }
  return drift;
}
