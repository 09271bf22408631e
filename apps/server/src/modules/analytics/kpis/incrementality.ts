import type { Db } from '../../../db/database.js';
import { ProblemError } from '../../../http/problem.js';
import type { Program } from '../../tenants/programs.repository.js';
import { type GroupStats, holdoutGroups } from './uplift.queries.js';

const Z95 = 1.959964;
const round = (v: number, d = 4) => Number(v.toFixed(d));

export interface UpliftMetric {
  treatmentMean: number;
  controlMean: number;
  uplift: number;
  relativeUplift: number | null;
  ci95: [number, number];
  significant: boolean;
}

/**
 * Difference of means, treatment − control, with a 95 % confidence interval from the normal approximation with
 * unequal variances (Welch): SE = √(s²_t/n_t + s²_c/n_c). Significant when the interval excludes 0.
 */
export function upliftOf(
  t: { mean: number; variance: number; n: number },
  c: { mean: number; variance: number; n: number },
): UpliftMetric {
  const uplift = t.mean - c.mean;
  const se = Math.sqrt((t.n > 0 ? t.variance / t.n : 0) + (c.n > 0 ? c.variance / c.n : 0));
  const lo = uplift - Z95 * se;
  const hi = uplift + Z95 * se;
  return {
    treatmentMean: round(t.mean),
    controlMean: round(c.mean),
    uplift: round(uplift),
    relativeUplift: c.mean !== 0 ? round(uplift / c.mean) : null,
    ci95: [round(lo), round(hi)],
    significant: lo > 0 || hi < 0,
  };
}

const metric = (g: GroupStats, which: 'spend' | 'visits') => ({
  mean: which === 'spend' ? g.spendMean : g.visitsMean,
  variance: which === 'spend' ? g.spendVariance : g.visitsVariance,
  n: g.members,
});

/**
 * Incrementality of the program (its holdout) or of one campaign (the campaign's holdout) over a window: spend per
 * member (minor units) and visits (purchases) per member, treatment against control.
 */
export async function incrementality(
  db: Db,
  program: Program,
  holdout: { unit: string; percent: number; what: 'program' | 'campaign' } | null,
  window: { from: Date; to: Date },
) {
  if (holdout === null || holdout.percent <= 0) {
    throw new ProblemError(
      422,
      'no_holdout',
      'Unprocessable',
      'No control group is configured: set holdoutPercent on the program or holdout.percent in the campaign',
    );
  }
  const groups = await holdoutGroups(db, {
    programId: program.id,
    ...holdout,
    from: window.from,
    to: window.to,
  });
  return {
    of: holdout.what,
    holdoutPercent: holdout.percent,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    currency: program.currency,
    treatment: { members: groups.treatment.members },
    control: { members: groups.control.members },
    spendPerMember: upliftOf(metric(groups.treatment, 'spend'), metric(groups.control, 'spend')),
    visitsPerMember: upliftOf(metric(groups.treatment, 'visits'), metric(groups.control, 'visits')),
  };
}
