import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { JournalRow } from './journals.repository.js';
import type { Lot } from './lots.repository.js';

export interface JournalWrite {
  journal: Omit<JournalRow, 'createdAt'> & { partnerId?: string | null };
  entries: { accountId: string; amount: number; rule: { versionId: string; ruleKey: string } | null }[];
  newLots: Lot[];
  /** Final remaining of each changed lot, and the movement that explains it. */
  lotUpdates: { lotId: string; delta: number; remaining: number }[];
  wallets: { accountId: string; balance: number; debt: number; activityAt: Date | null }[];
}

const values = (rows: RawBuilder<unknown>[]) => sql.join(rows, sql`, `);

/**
 * Writes a whole journal in one statement: the journal, its entries, new lots, lot movements, lot remainders and
 * wallet balances, as data-modifying CTEs. One round trip instead of five or more keeps the wallet lock short.
 * Foreign keys between the parts are checked at the end of the statement, when every part exists.
 */
export async function writeJournal(db: Db, w: JournalWrite): Promise<JournalRow> {
  const j = w.journal;
  const ctes: RawBuilder<unknown>[] = [];
  if (w.entries.length > 0) {
    ctes.push(
      sql`e AS (INSERT INTO ledger_entries (journal_id, account_id, amount, campaign_version_id, rule_key) VALUES ${values(
        w.entries.map(
          (e) =>
            sql`(${j.id}::uuid, ${e.accountId}::uuid, ${e.amount}::bigint, ${e.rule?.versionId ?? null}::uuid, ${e.rule?.ruleKey ?? null}::text)`,
        ),
      )})`,
    );
  }
  if (w.newLots.length > 0) {
    ctes.push(sql`l AS (INSERT INTO ledger_lots (id, account_id, journal_id, amount, remaining, earned_at, available_at,
      expires_at, origin_lot_id) VALUES ${values(
        w.newLots.map(
          (
            l,
          ) => sql`(${l.id}::uuid, ${l.accountId}::uuid, ${j.id}::uuid, ${l.amount}::bigint, ${l.remaining}::bigint,
            ${l.earnedAt}::timestamptz, ${l.availableAt}::timestamptz, ${l.expiresAt}::timestamptz, ${l.originLotId}::uuid)`,
        ),
      )})`);
  }
  if (w.lotUpdates.length > 0) {
    ctes.push(
      sql`m AS (INSERT INTO ledger_lot_movements (journal_id, lot_id, amount) VALUES ${values(
        w.lotUpdates.map((u) => sql`(${j.id}::uuid, ${u.lotId}::uuid, ${u.delta}::bigint)`),
      )})`,
    );
    ctes.push(
      sql`r AS (UPDATE ledger_lots SET remaining = v.remaining FROM (VALUES ${values(
        w.lotUpdates.map((u) => sql`(${u.lotId}::uuid, ${u.remaining}::bigint)`),
      )}) AS v(id, remaining) WHERE ledger_lots.id = v.id)`,
    );
  }
  if (w.wallets.length > 0) {
    // GREATEST (which skips NULLs): a purchase dated in the past, recorded late, never moves the inactivity clock back.
    ctes.push(sql`a AS (UPDATE ledger_accounts SET balance = ledger_accounts.balance + v.balance,
      debt = ledger_accounts.debt + v.debt,
      last_activity_at = GREATEST(v.activity, ledger_accounts.last_activity_at)
      FROM (VALUES ${values(
        w.wallets.map(
          (a) =>
            sql`(${a.accountId}::uuid, ${a.balance}::bigint, ${a.debt}::bigint, ${a.activityAt}::timestamptz)`,
        ),
      )}) AS v(id, balance, debt, activity) WHERE ledger_accounts.id = v.id)`);
  }
  const result = await sql<JournalRow>`
    WITH j AS (
      INSERT INTO ledger_journals (id, tenant_id, program_id, kind, member_id, idempotency_key, reference, reason, actor,
        explanation, shortfall, reverses_id, occurred_at, partner_id)
      VALUES (${j.id}, ${j.tenantId}, ${j.programId}, ${j.kind}, ${j.memberId}, ${j.idempotencyKey}, ${j.reference},
        ${j.reason}, ${j.actor}, ${j.explanation}, ${j.shortfall}, ${j.reversesId}, ${j.occurredAt},
        ${j.partnerId ?? null}::uuid)
      RETURNING *
    )${ctes.length > 0 ? sql`, ${sql.join(ctes, sql`, `)}` : sql``}
    SELECT id, tenant_id AS "tenantId", program_id AS "programId", kind, member_id AS "memberId",
      idempotency_key AS "idempotencyKey", reference, reason, actor, explanation, shortfall,
      reverses_id AS "reversesId", occurred_at AS "occurredAt", created_at AS "createdAt"
    FROM j`.execute(db);
  const row = result.rows[0];
  if (row === undefined) throw new Error('journal insert returned nothing');
  return { ...row, shortfall: Number(row.shortfall) };
}
