import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import type { Purchase } from './models/customer-summary.js';

export type TransactionFileFormat = 'cdnow' | 'csv';

export class TransactionFileError extends Error {}

/** CSV header names accepted for each field (first match wins), so common exports load without renaming. */
const CSV_COLUMNS = {
  customer: ['customer_id', 'customerid', 'customer', 'member_id', 'memberid', 'household_key'],
  date: ['date', 'day', 'occurred_at', 'occurredat', 'purchase_date', 'timestamp'],
  amount: ['amount', 'value', 'sales_value', 'total', 'dollar_value', 'revenue'],
} as const;

const ymd = (s: string) =>
  /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : s.slice(0, 10);

function checked(p: Purchase, where: string): Purchase {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.day) || Number.isNaN(Date.parse(p.day))) {
    throw new TransactionFileError(`${where}: "${p.day}" is not a date (YYYY-MM-DD, YYYYMMDD or ISO 8601)`);
  }
  if (!Number.isFinite(p.amount)) throw new TransactionFileError(`${where}: the amount is not a number`);
  if (p.customerId === '') throw new TransactionFileError(`${where}: the customer id is empty`);
  return p;
}

/**
 * CDNOW's text files: whitespace-separated, CRLF. The 1/10 sample has five columns (customer, sample id, YYYYMMDD,
 * CDs, dollars) and no header; the master file has four (customer, date, CDs, dollars) and one header line.
 */
async function* cdnow(path: string): AsyncGenerator<Purchase> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const raw of lines) {
    n++;
    const f = raw.trim().split(/\s+/);
    if (f.length === 1 && f[0] === '') continue;
    if (n === 1 && !/^\d/.test(f[0] ?? '')) continue;
    if (f.length !== 4 && f.length !== 5) {
      throw new TransactionFileError(`line ${n}: expected 4 or 5 columns, found ${f.length}`);
    }
    const [customerId, date, amount] = f.length === 5 ? [f[0], f[2], f[4]] : [f[0], f[1], f[3]];
    yield checked(
      { customerId: customerId ?? '', day: ymd(date ?? ''), amount: Number(amount) },
      `line ${n}`,
    );
  }
}

function pick(header: string[], names: readonly string[], what: string): string {
  const found = names.find((n) => header.includes(n));
  if (found === undefined) {
    throw new TransactionFileError(`no ${what} column: the header needs one of ${names.join(', ')}`);
  }
  return found;
}

/** A CSV with a header naming the customer, date and amount columns (see CSV_COLUMNS). */
async function* csv(path: string): AsyncGenerator<Purchase> {
  const parser = createReadStream(path).pipe(
    parse({
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
    }),
  );
  let columns: { customer: string; date: string; amount: string } | undefined;
  let n = 1;
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    n++;
    if (!columns) {
      const header = Object.keys(record);
      columns = {
        customer: pick(header, CSV_COLUMNS.customer, 'customer'),
        date: pick(header, CSV_COLUMNS.date, 'date'),
        amount: pick(header, CSV_COLUMNS.amount, 'amount'),
      };
    }
    yield checked(
      {
        customerId: record[columns.customer] ?? '',
        day: ymd(record[columns.date] ?? ''),
        amount: Number(record[columns.amount]),
      },
      `line ${n}`,
    );
  }
}

/** Streams a transaction file one purchase at a time (constant memory in the reader). */
export function readPurchases(path: string, format: TransactionFileFormat): AsyncGenerator<Purchase> {
  return format === 'cdnow' ? cdnow(path) : csv(path);
}
