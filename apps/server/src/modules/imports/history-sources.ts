import { createReadStream, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { DateTime } from 'luxon';

export type HistoryFormat = 'cdnow' | 'completejourney' | 'csv';

/** One purchase line from a history file, in the program's currency (minor units). */
export interface HistoryRow {
  line: number;
  customerId: string;
  basketId: string;
  occurredAt: Date;
  storeId: string | null;
  sku: string;
  name: string | null;
  category: string | null;
  quantity: number;
  unitPrice: number;
  discount: number;
}

/** A row the source itself marks as not a sale (returns, zero amounts); counted in the summary, not imported. */
export interface SkippedRow {
  line: number;
  skip: string;
}

export class HistoryFileError extends Error {}

const cents = (v: string | undefined) => Math.round(Number(v) * 100);

/** Whole units when the amount divides evenly by the quantity, else the line is 1 × the amount (exact money). */
function priced(quantity: number, gross: number) {
  return quantity > 0 && gross % quantity === 0
    ? { quantity, unitPrice: gross / quantity }
    : { quantity: 1, unitPrice: gross };
}

function localTime(text: string, zone: string, line: number): Date {
  const t = /^\d{8}$/.test(text)
    ? DateTime.fromFormat(text, 'yyyyMMdd', { zone }).set({ hour: 12 })
    : /^\d{4}-\d{2}-\d{2}$/.test(text)
      ? DateTime.fromISO(text, { zone }).set({ hour: 12 })
      : DateTime.fromISO(text.replace(' ', 'T'), { zone });
  if (!t.isValid) throw new HistoryFileError(`line ${line}: "${text}" is not a date or time`);
  return t.toJSDate();
}

/** CDNOW text files (see the analytics reader): one row is one purchase of some CDs. */
async function* cdnow(path: string, zone: string): AsyncGenerator<HistoryRow | SkippedRow> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  let previous = '';
  let k = 0;
  for await (const raw of lines) {
    n++;
    const f = raw.trim().split(/\s+/);
    if (f[0] === '' || (n === 1 && !/^\d/.test(f[0] ?? ''))) continue;
    if (f.length !== 4 && f.length !== 5) throw new HistoryFileError(`line ${n}: expected 4 or 5 columns`);
    const [customer, date, cds, dollars] =
      f.length === 5 ? [f[0], f[2], f[3], f[4]] : [f[0], f[1], f[2], f[3]];
    const key = `${customer}:${date}`;
    k = key === previous ? k + 1 : 1;
    previous = key;
    const gross = cents(dollars);
    if (!(gross > 0)) {
      yield { line: n, skip: 'zero or negative amount' };
      continue;
    }
    yield {
      line: n,
      customerId: customer ?? '',
      basketId: `${key}:${k}`,
      occurredAt: localTime(date ?? '', zone, n),
      storeId: null,
      sku: 'CDNOW-CD',
      name: `${cds} CD(s)`,
      category: 'music',
      quantity: 1,
      unitPrice: gross,
      discount: 0,
    };
  }
}

function csvRecords(path: string): AsyncIterable<Record<string, string>> {
  return createReadStream(path).pipe(
    parse({
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
    }),
  ) as AsyncIterable<Record<string, string>>;
}

/** products.csv next to the transactions file: product id → category, department and brand. */
async function productCatalog(
  dir: string,
): Promise<Map<string, { category: string | null; name: string | null }>> {
  const out = new Map<string, { category: string | null; name: string | null }>();
  const file = join(dir, 'products.csv');
  if (!existsSync(file)) return out;
  for await (const p of csvRecords(file)) {
    out.set(p.product_id ?? '', {
      category: p.product_category || p.department || null,
      name: p.product_type || null,
    });
  }
  return out;
}

/**
 * The Complete Journey's transactions file: one row per basket line, with the loyalty-card discount. Categories come
 * from products.csv in the same folder when it is there.
 */
async function* completeJourney(path: string): AsyncGenerator<HistoryRow | SkippedRow> {
  const products = await productCatalog(dirname(path));
  let n = 1;
  for await (const r of csvRecords(path)) {
    n++;
    if (r.household_id === undefined || r.basket_id === undefined || r.transaction_timestamp === undefined) {
      throw new HistoryFileError('not a Complete Journey transactions file: household_id, basket_id missing');
    }
    const quantity = Number(r.quantity);
    const paid = cents(r.sales_value);
    if (!(quantity > 0) || !(paid > 0)) {
      yield { line: n, skip: 'zero or negative quantity or amount' };
      continue;
    }
    const discount = cents(r.retail_disc) + cents(r.coupon_match_disc);
    const product = products.get(r.product_id ?? '');
    yield {
      line: n,
      customerId: r.household_id,
      basketId: r.basket_id,
      occurredAt: localTime(r.transaction_timestamp, 'America/New_York', n),
      storeId: r.store_id || null,
      sku: r.product_id ?? '',
      name: product?.name ?? null,
      category: product?.category ?? null,
      ...priced(quantity, paid + discount),
      discount,
    };
  }
}

const pick = (r: Record<string, string>, names: string[]) =>
  names.map((k) => r[k]).find((v) => v !== undefined && v !== '');

/** A generic CSV: customer, date and amount columns, optionally order id, sku, category, quantity and store. */
async function* genericCsv(path: string, zone: string): AsyncGenerator<HistoryRow | SkippedRow> {
  let n = 1;
  for await (const r of csvRecords(path)) {
    n++;
    const customer = pick(r, ['customer_id', 'customer', 'member_id', 'household_id']);
    const date = pick(r, ['occurred_at', 'date', 'timestamp', 'purchase_date']);
    const amount = pick(r, ['amount', 'total', 'sales_value', 'value']);
    if (customer === undefined || date === undefined || amount === undefined) {
      throw new HistoryFileError(`line ${n}: customer_id, date and amount are required`);
    }
    const gross = cents(amount);
    const quantity = Number(pick(r, ['quantity', 'qty']) ?? 1);
    if (!Number.isFinite(gross)) throw new HistoryFileError(`line ${n}: amount "${amount}" is not a number`);
    if (!(gross > 0) || !(quantity > 0)) {
      yield { line: n, skip: 'zero or negative quantity or amount' };
      continue;
    }
    const occurredAt = localTime(date, zone, n);
    yield {
      line: n,
      customerId: customer,
      basketId:
        pick(r, ['order_id', 'transaction_id', 'basket_id', 'receipt_id']) ?? `${customer}:${date}:${n}`,
      occurredAt,
      storeId: pick(r, ['store_id', 'store']) ?? null,
      sku: pick(r, ['sku', 'product_id']) ?? 'ITEM',
      name: pick(r, ['name', 'product']) ?? null,
      category: pick(r, ['category', 'product_category']) ?? null,
      ...priced(quantity, gross),
      discount: 0,
    };
  }
}

export function readHistory(
  path: string,
  format: HistoryFormat,
  zone: string,
): AsyncGenerator<HistoryRow | SkippedRow> {
  if (format === 'cdnow') return cdnow(path, zone);
  if (format === 'completejourney') return completeJourney(path);
  return genericCsv(path, zone);
}
