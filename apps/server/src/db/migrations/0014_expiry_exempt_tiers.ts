import { type Kysely, sql } from 'kysely';

/**
 * Tiers whose members lose nothing to expiry (Starbucks: Gold and Reserve Stars never expire, Green Stars do).
 * Tier codes, not ids: the ledger never reads the tiers module's tables, it asks that module for a member's tier.
 * Empty (every existing program) keeps today's behaviour.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE ledger_policies ADD COLUMN expiry_exempt_tiers text[] NOT NULL DEFAULT '{}'`.execute(
    db,
  );
}
