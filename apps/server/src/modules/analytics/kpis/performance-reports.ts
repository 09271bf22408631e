import { DateTime } from 'luxon';
import type { Db } from '../../../db/database.js';
import { findCampaign, findVersion } from '../../campaigns/campaigns.repository.js';
import type { CampaignDocument } from '../../campaigns/campaigns.schemas.js';
import type { Program } from '../../tenants/programs.repository.js';
import { campaignTotals, cohortCounts } from './cohorts.queries.js';
import { incrementality } from './incrementality.js';
import type { Range } from './kpis.queries.js';

/**
 * The retention matrix: one row per monthly cohort (members by the local month of their first purchase), with the
 * cohort's size and, for each month after it, the share of the cohort who bought in that month (month 0 is 1).
 */
export async function cohortReport(db: Db, program: Program, r: Range, months = 12) {
  const counts = await cohortCounts(db, { ...r, months });
  const cohorts = [...new Set(counts.map((c) => c.cohort))].sort();
  const now = DateTime.now().setZone(program.timezone).startOf('month');
  return {
    from: r.from.toISOString(),
    to: r.to.toISOString(),
    months,
    cohorts: cohorts.map((cohort) => {
      const size = counts.find((c) => c.cohort === cohort && c.offset === 0)?.members ?? 0;
      const start = DateTime.fromISO(cohort, { zone: program.timezone });
      // Months that have not happened yet are null, not 0: nobody could have bought in them.
      const elapsed = Math.floor(now.diff(start, 'months').months);
      return {
        cohort,
        members: size,
        retention: Array.from({ length: months + 1 }, (_, offset) => {
          if (offset > elapsed) return null;
          const n = counts.find((c) => c.cohort === cohort && c.offset === offset)?.members ?? 0;
          return size > 0 ? Number((n / size).toFixed(4)) : null;
        }),
      };
    }),
  };
}

/** What each published campaign gave in the window, and its uplift against its control group when it holds one out. */
export async function campaignReport(db: Db, program: Program, r: Range) {
  const totals = await campaignTotals(db, r);
  const value = (n: number) => Math.round((n * program.pointValueMinor) / program.pointValuePoints);
  const campaigns = [];
  for (const t of totals) {
    const version = await currentDocument(db, program.tenantId, t.campaignId);
    const holdout = version?.holdout
      ? { unit: t.campaignId, percent: version.holdout.percent, what: 'campaign' as const }
      : null;
    const uplift = holdout ? await incrementality(db, program, holdout, r) : null;
    campaigns.push({
      ...t,
      cost: value(t.points),
      holdoutPercent: holdout?.percent ?? null,
      uplift: uplift
        ? { spendPerMember: uplift.spendPerMember, visitsPerMember: uplift.visitsPerMember }
        : null,
    });
  }
  return { from: r.from.toISOString(), to: r.to.toISOString(), currency: program.currency, campaigns };
}

async function currentDocument(
  db: Db,
  tenantId: string,
  campaignId: string,
): Promise<CampaignDocument | undefined> {
  const row = await findCampaign(db, tenantId, campaignId);
  if (!row?.current_version) return undefined;
  const v = await findVersion(db, campaignId, row.current_version);
  return v?.document as unknown as CampaignDocument | undefined;
}
