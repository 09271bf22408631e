import { sql } from 'kysely';
import { DateTime } from 'luxon';
import type { Db } from '../../db/database.js';
import type { Program } from '../tenants/programs.repository.js';
import { buildOfferModel, type OfferModel } from './offer-model.js';

/** A year of purchase lines, up to this many, is what a live program's ranking learns from. */
const WINDOW_DAYS = 365;
const MAX_LINES = 2_000_000;
const TTL_MS = 60 * 60_000;

export interface ProgramOfferModel {
  model: OfferModel;
  /** The category each SKU is most often bought under: how a free-product reward maps to an item. */
  skuCategory: Map<string, string>;
  builtAt: Date;
}

const cache = new Map<string, ProgramOfferModel>();

/**
 * Item statistics and member profiles from the program's purchase lines of the last year (analytics query, read only):
 * items are categories, a line is "discounted" when it carried a discount, and members are grouped by tier for the
 * "popular with members like you" signal. Rebuilt at most hourly per process.
 */
export async function programOfferModel(
  db: Db,
  program: Program,
  now = new Date(),
): Promise<ProgramOfferModel> {
  const hit = cache.get(program.id);
  if (hit && now.getTime() - hit.builtAt.getTime() < TTL_MS) return hit;
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
  const lines = await sql<{
    member_id: string;
    category: string;
    sku: string;
    day: string;
    discounted: boolean;
  }>`
    SELECT t.member_id, l.category, l.sku, (t.occurred_at AT TIME ZONE ${program.timezone})::date::text AS day,
      (l.discount > 0) AS discounted
    FROM transactions t JOIN transaction_lines l ON l.transaction_id = t.id
    WHERE t.program_id = ${program.id}::uuid AND t.member_id IS NOT NULL AND t.occurred_at >= ${since}
      AND t.occurred_at < ${now} AND l.category IS NOT NULL AND l.quantity > l.returned_quantity
    LIMIT ${MAX_LINES}`.execute(db);
  const tiers = await sql<{ member_id: string; tier_code: string }>`
    SELECT member_id, tier_code FROM member_tiers WHERE program_id = ${program.id}::uuid`.execute(db);
  const tierOf = new Map(tiers.rows.map((r) => [r.member_id, r.tier_code]));
  const skuCounts = new Map<string, Map<string, number>>();
  for (const l of lines.rows) {
    const byCategory = skuCounts.get(l.sku) ?? new Map<string, number>();
    byCategory.set(l.category, (byCategory.get(l.category) ?? 0) + 1);
    skuCounts.set(l.sku, byCategory);
  }
  const skuCategory = new Map(
    [...skuCounts].map(([sku, counts]) => [
      sku,
      [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? '',
    ]),
  );
  const model = buildOfferModel(
    lines.rows.map((l) => ({
      memberId: l.member_id,
      item: l.category,
      day: l.day,
      discounted: l.discounted,
    })),
    {
      asOf: DateTime.fromJSDate(now, { zone: program.timezone }).plus({ days: 1 }).toISODate() ?? '',
      attributesOf: (memberId) => {
        const tier = tierOf.get(memberId);
        return tier ? { tier, segments: [{ key: `tier:${tier}`, label: `${tier} members` }] } : undefined;
      },
    },
  );
  const built = { model, skuCategory, builtAt: now };
  cache.set(program.id, built);
  return built;
}

/** Drops the cached model (tests, or after an import). */
export function forgetOfferModel(programId: string): void {
  cache.delete(programId);
}
