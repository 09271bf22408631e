import type { Db } from '../../db/database.js';
import { findOrCreateImportedMember } from '../members/import-member.js';
import type { Program } from '../tenants/programs.repository.js';
import { importPurchaseLine } from '../transactions/import-purchases.js';
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

const BATCH = 500;

/**
 * Streams a history file into a program, BATCH rows per transaction, reporting progress after each. Each row is
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
    const found = new Map<string, string>();
    let created = 0;
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        let memberId = members.get(row.customerId) ?? found.get(row.customerId);
        if (memberId === undefined) {
          const m = await findOrCreateImportedMember(
            trx,
            program,
            `${source}:${row.customerId}`,
            row.occurredAt,
          );
          memberId = m.id;
          found.set(row.customerId, m.id);
          if (m.created) created++;
        }
        const outcome = await importPurchaseLine(trx, program, {
          externalId: `${source}:${row.basketId}`,
          memberId,
          occurredAt: row.occurredAt,
          storeId: row.storeId,
          line: row,
        });
        if (outcome === 'created') summary.purchasesCreated++;
        else if (outcome === 'appended') summary.linesAppended++;
        else summary.alreadyImported++;
        if (outcome !== 'skipped') summary.imported++;
      }
    });
    // Ids are remembered only once their transaction committed, so a failed batch leaves no stale id behind.
    for (const [customer, id] of found) members.set(customer, id);
    summary.membersCreated += created;
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
