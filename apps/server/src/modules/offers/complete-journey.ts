import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse';
import type { MemberAttributes, PurchaseLine } from './offer-model.js';
import { compareIds } from './ranking.js';
import type { Segment } from './ranking.types.js';

/**
 * Readers for The Complete Journey (84.51°/dunnhumby, via the `completejourney` R package; see the data README):
 * transactions_sample.csv is a random sample of 75,000 lines with dates mapped to calendar 2017, products.csv maps
 * product_id to its category, demographics.csv describes 801 of the households. Items are product categories,
 * the level at which a loyalty offer ("3× points on FROZEN PIZZA") is written.
 */

export class CompleteJourneyError extends Error {}

export interface Product {
  department: string;
  category: string;
  brand: string;
}

export interface Demographics {
  age: string;
  income: string;
  householdComp: string;
  kidsCount: string;
}

/** A purchase line with the spend, which the synthetic tiers are based on. */
export interface JourneyLine extends PurchaseLine {
  amount: number;
}

export interface SkippedLines {
  /** product_id not in products.csv. */
  unknownProduct: number;
  /** The product has no product_category. */
  noCategory: number;
  /** quantity ≤ 0 or sales_value ≤ 0 (returns and corrections). */
  notAPurchase: number;
}

export interface CompleteJourney {
  lines: JourneyLine[];
  demographics: Map<string, Demographics>;
  skipped: SkippedLines;
}

/** Streams a CSV's rows as objects keyed by the header; fails with the file and line on malformed input. */
async function* rows(path: string, required: readonly string[]): AsyncGenerator<Record<string, string>> {
  const input = createReadStream(path);
  const parser = input.pipe(parse({ columns: true, skip_empty_lines: true }));
  // pipe() does not forward errors: a missing file would be an unhandled 'error' event instead of a rejection.
  input.on('error', (error) => parser.destroy(error));
  let checked = false;
  try {
    for await (const record of parser as AsyncIterable<Record<string, string>>) {
      if (!checked) {
        const missing = required.filter((c) => !(c in record));
        if (missing.length > 0) throw new CompleteJourneyError(`${path}: no column ${missing.join(', ')}`);
        checked = true;
      }
      yield record;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CompleteJourneyError(`${path}: no such file`);
    if (error instanceof CompleteJourneyError) throw error;
    throw new CompleteJourneyError(`${path}: ${(error as Error).message}`);
  }
}

export async function readProducts(dir: string): Promise<Map<string, Product>> {
  const products = new Map<string, Product>();
  const columns = ['product_id', 'department', 'brand', 'product_category'];
  for await (const r of rows(join(dir, 'products.csv'), columns)) {
    products.set(r.product_id ?? '', {
      department: r.department ?? '',
      category: (r.product_category ?? '').trim(),
      brand: r.brand ?? '',
    });
  }
  return products;
}

export async function readDemographics(dir: string): Promise<Map<string, Demographics>> {
  const households = new Map<string, Demographics>();
  const columns = ['household_id', 'age', 'income', 'household_comp', 'kids_count'];
  for await (const r of rows(join(dir, 'demographics.csv'), columns)) {
    households.set(r.household_id ?? '', {
      age: r.age ?? '',
      income: r.income ?? '',
      householdComp: r.household_comp ?? '',
      kidsCount: r.kids_count ?? '',
    });
  }
  return households;
}

/** Streams the purchase lines with a known, categorised product; counts what it skips in `skipped`. */
export async function* readTransactions(
  dir: string,
  products: ReadonlyMap<string, Product>,
  skipped: SkippedLines,
): AsyncGenerator<JourneyLine> {
  const columns = [
    'household_id',
    'product_id',
    'quantity',
    'sales_value',
    'retail_disc',
    'coupon_disc',
    'coupon_match_disc',
    'transaction_timestamp',
  ];
  for await (const r of rows(join(dir, 'transactions_sample.csv'), columns)) {
    const product = products.get(r.product_id ?? '');
    const amount = Number(r.sales_value);
    const day = (r.transaction_timestamp ?? '').slice(0, 10);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
      throw new CompleteJourneyError(
        `transactions_sample.csv: "${r.transaction_timestamp}" is not a timestamp`,
      );
    }
    if (!product) skipped.unknownProduct++;
    else if (product.category === '') skipped.noCategory++;
    else if (!(Number(r.quantity) > 0) || !(amount > 0)) skipped.notAPurchase++;
    else {
      // Discount columns are stored as positive amounts (the R package made them so).
      const discount = Number(r.retail_disc) + Number(r.coupon_disc) + Number(r.coupon_match_disc);
      yield { memberId: r.household_id ?? '', item: product.category, day, amount, discounted: discount > 0 };
    }
  }
}

export async function loadCompleteJourney(dir: string): Promise<CompleteJourney> {
  // Checked in a fixed order first, so a missing folder is reported the same way every time.
  for (const file of ['products.csv', 'demographics.csv', 'transactions_sample.csv']) {
    if (!existsSync(join(dir, file))) throw new CompleteJourneyError(`${join(dir, file)}: no such file`);
  }
  const [products, demographics] = await Promise.all([readProducts(dir), readDemographics(dir)]);
  const skipped: SkippedLines = { unknownProduct: 0, noCategory: 0, notAPurchase: 0 };
  const lines: JourneyLine[] = [];
  for await (const line of readTransactions(dir, products, skipped)) lines.push(line);
  return { lines, demographics, skipped };
}

export const TIERS = ['Bronze', 'Silver', 'Gold'] as const;

/**
 * Tier and segments of each household as of `asOf`. The data has no loyalty tiers, so a spend-based one is
 * synthesised the way programs qualify members: terciles of spend before `asOf` (Bronze, Silver, Gold). Demographic
 * segments (household composition, age band) exist for the 801 households in demographics.csv.
 */
export function journeyAttributes(
  lines: readonly JourneyLine[],
  demographics: ReadonlyMap<string, Demographics>,
  asOf: string,
): Map<string, MemberAttributes> {
  const spend = new Map<string, number>();
  for (const l of lines) if (l.day < asOf) spend.set(l.memberId, (spend.get(l.memberId) ?? 0) + l.amount);
  const ranked = [...spend].sort((a, b) => a[1] - b[1] || compareIds(a[0], b[0]));
  const attributes = new Map<string, MemberAttributes>();
  ranked.forEach(([memberId], i) => {
    const tier =
      TIERS[Math.min(TIERS.length - 1, Math.floor((i * TIERS.length) / ranked.length))] ?? 'Bronze';
    const segments: Segment[] = [{ key: `tier:${tier}`, label: `${tier} members` }];
    const d = demographics.get(memberId);
    if (d?.householdComp) {
      segments.push({ key: `comp:${d.householdComp}`, label: `households like yours (${d.householdComp})` });
    }
    if (d?.age) segments.push({ key: `age:${d.age}`, label: `shoppers aged ${d.age}` });
    attributes.set(memberId, { tier, segments });
  });
  return attributes;
}
