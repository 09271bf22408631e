import type { Db } from '../../db/database.js';
import { findOrCreateImportedMembers } from '../members/import-member.js';
import type { Program } from '../tenants/programs.repository.js';
import { importPurchaseLines } from '../transactions/import-purchases.js';
import { type HistoryFormat, type HistoryRow, readHistory, type SkippedRow } from './history-sources.js';

export interface ImportSummary {
  rows: number;
  imported: number;
  purchasesCreated: number;
  linesAppended: number;
  alreadyImported: number;
  skipped: Record<string, number>;
  membersCreated: number;
  seconds: number;
}

const BATCH = 1000;

/**
 * Streams a history file into a program, BATCH rows per transaction (a few set-based statements each), reporting progress after each. Each row is
 * attributed to a member found or created by the external identity `<source>:<customer id>`; the purchase is keyed by
 * `<source>:<basket id>`, so a re-run (or a run resumed after an interruption) adds nothing twice. Memory stays
 * bounded by the batch plus one id per customer (so repeat customers are not looked up again).
 */
export async function importHistory(
  db: Db,
  program: Program,
  options: { path: string; format: HistoryFormat; source?: string; onProgress?: (rows: number) => void },
): Promise<ImportSummary> {
  const started = Date.now();
  const source = options.source ?? (options.format === 'completejourney' ? 'cj' : options.format);
  const members = new Map<string, string>();
  const summary: ImportSummary = {
    rows: 0,
    imported: 0,
    purchasesCreated: 0,
    linesAppended: 0,
    alreadyImported: 0,
    skipped: {},
    membersCreated: 0,
    seconds: 0,
  };
  let batch: HistoryRow[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    const unseen = new Map<string, Date>();
    for (const row of rows) {
      const key = `${source}:${row.customerId}`;
      if (members.has(row.customerId)) continue;
      const first = unseen.get(key);
      if (first === undefined || row.occurredAt < first) unseen.set(key, row.occurredAt);
    }
    const found = await db.transaction().execute(async (trx) => {
      const resolved = await findOrCreateImportedMembers(trx, program, unseen);
      const result = await importPurchaseLines(
        trx,
        program,
        rows.map((row) => ({
          externalId: `${source}:${row.basketId}`,
          memberId:
            members.get(row.customerId) ?? (resolved.ids.get(`${source}:${row.customerId}`) as string),
          occurredAt: row.occurredAt,
          storeId: row.storeId,
          line: row,
        })),
      );
      return { resolved, result };
    });
    // Ids are remembered only once their transaction committed, so a failed batch leaves no stale id behind.
    for (const [key, id] of found.resolved.ids) members.set(key.slice(source.length + 1), id);
    summary.membersCreated += found.resolved.created;
    summary.purchasesCreated += found.result.purchasesCreated;
    summary.linesAppended += found.result.linesAppended;
    summary.alreadyImported += found.result.alreadyImported;
    summary.imported += rows.length - found.result.alreadyImported;
    options.onProgress?.(summary.rows);
  };
  for await (const row of readHistory(options.path, options.format, program.timezone)) {
    summary.rows++;
    if ('skip' in row) {
      const s = row as SkippedRow;
      summary.skipped[s.skip] = (summary.skipped[s.skip] ?? 0) + 1;
      continue;
    }
    batch.push(row);
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
