import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * The floor to compare the earn path with: the same rows written by hand-written SQL through a plain client, at the
 * same concurrency, with the same durability (synchronous_commit on): per purchase one transaction that inserts the
 * purchase and its line, locks the member wallet, appends a journal, two entries and a lot, and updates the cached
 * balance and the purchase. No HTTP, no validation, no earn computation.
 */
export async function rawBaseline(options: {
  url: string;
  concurrency: number;
  seconds: number;
  programId: string;
  tenantId: string;
  walletIds: string[];
  issuedAccountId: string;
}): Promise<{ perSecond: number; total: number }> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.concurrency });
  const deadline = Date.now() + options.seconds * 1000;
  let total = 0;
  let n = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (Date.now() < deadline) {
        const i = n++;
        const wallet = options.walletIds[i % options.walletIds.length] as string;
        const tx = randomUUID();
        const journal = randomUUID();
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO transactions (id, tenant_id, program_id, external_id, request_hash, occurred_at, currency,
             subtotal, discount_total, total) VALUES ($1, $2, $3, $4, 'h', now(), 'EUR', 4599, 0, 4599)`,
          [tx, options.tenantId, options.programId, `raw-${tx}`],
        );
        await client.query(
          `INSERT INTO transaction_lines (transaction_id, line_no, sku, quantity, unit_price, discount, net, eligible,
             points, explanation) VALUES ($1, 1, 'SKU', 1, 4599, 0, 4599, true, 45, 'x')`,
          [tx],
        );
        await client.query('SELECT id FROM ledger_accounts WHERE id = $1 FOR UPDATE', [wallet]);
        await client.query(
          `INSERT INTO ledger_journals (id, tenant_id, program_id, kind, explanation, occurred_at)
             VALUES ($1, $2, $3, 'earn', 'x', now())`,
          [journal, options.tenantId, options.programId],
        );
        await client.query(
          'INSERT INTO ledger_entries (journal_id, account_id, amount) VALUES ($1, $2, 45), ($1, $3, -45)',
          [journal, wallet, options.issuedAccountId],
        );
        await client.query(
          `INSERT INTO ledger_lots (id, account_id, journal_id, amount, remaining, earned_at, available_at)
             VALUES ($1, $2, $3, 45, 45, now(), now())`,
          [randomUUID(), wallet, journal],
        );
        await client.query('UPDATE ledger_accounts SET balance = balance + 45 WHERE id = $1', [wallet]);
        await client.query(
          'UPDATE transactions SET points_awarded = 45, earn_journal_id = $2 WHERE id = $1',
          [tx, journal],
        );
        await client.query('COMMIT');
        total++;
      }
    } finally {
      client.release();
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const elapsed = (Date.now() - started) / 1000;
  await pool.end();
  return { perSecond: total / elapsed, total };
}
