import { formatMoney } from '../../lib/money.js';
import type { Program } from '../tenants/programs.repository.js';
import type { Definitions } from '../tiers/definitions.js';
import type { Benefits, Tier, WindowType } from '../tiers/tiers.schemas.js';
import { pointsWords } from './earn-words.js';
import type { ProgramPage } from './program-page.schemas.js';

const PERIOD: Record<WindowType, string> = {
  calendar_year: 'in a calendar year',
  calendar_quarter: 'in a calendar quarter',
  calendar_month: 'in a calendar month',
  membership_year: 'in a year of membership',
  rolling_12_months: 'in 12 months',
  lifetime: 'since joining',
};

const REVIEW: Record<WindowType, string> = {
  calendar_year: 'at the end of the calendar year after the one you reach it in',
  calendar_quarter: 'at the end of the quarter after the one you reach it in',
  calendar_month: 'at the end of the month after the one you reach it in',
  membership_year: 'at the end of the membership year after the one you reach it in',
  rolling_12_months: '12 months after you reach it',
  lifetime: 'never: once reached, it is yours',
};

function thresholdText(tier: Tier, defs: Definitions, program: Program): string {
  if (tier.inviteOnly) return 'By invitation';
  if (tier.code === defs.entry.code) return 'Where every member starts';
  const q = tier.qualification ?? {};
  const parts = [
    ...(q.spend !== undefined ? [`spend ${formatMoney(q.spend, program.currency)}`] : []),
    ...(q.qualifyingPoints !== undefined ? [`earn ${pointsWords(q.qualifyingPoints, program)}`] : []),
    ...(q.purchases !== undefined ? [`make ${q.purchases} purchase${q.purchases === 1 ? '' : 's'}`] : []),
  ];
  const joined = parts.join(q.match === 'all' ? ' and ' : ' or ');
  return `${joined.charAt(0).toUpperCase()}${joined.slice(1)} ${PERIOD[defs.set.window]}`;
}

export function benefitsText(b: Benefits | undefined, program: Program): string[] {
  if (b === undefined) return [];
  return [
    ...(b.earnMultiplier !== undefined && b.earnMultiplier > 1
      ? [`${b.earnMultiplier}× ${program.pointName} on purchases`]
      : []),
    ...(b.discountPercent ? [`${b.discountPercent}% off every purchase`] : []),
    ...(b.freeShipping ? ['Free shipping'] : []),
    ...(b.earlyAccess ? ['Early access to sales and launches'] : []),
    ...(b.perks ?? []),
  ];
}

function keepText(defs: Definitions): string {
  const set = defs.set;
  const up =
    set.upgradeAt === 'next_period'
      ? 'A tier you reach starts when the period you reached it in ends.'
      : 'You move up as soon as you reach a tier.';
  if (set.window === 'lifetime') return `${up} Once reached, a tier is yours to keep.`;
  const down =
    set.downgrade.policy === 'one_level'
      ? 'if you did not, you move down one level'
      : 'if you did not, you move to the tier your figures reach';
  const grace = set.downgrade.graceMonths
    ? ` The first time you fall short you keep your tier for ${set.downgrade.graceMonths} more month${
        set.downgrade.graceMonths === 1 ? '' : 's'
      } to catch up.`
    : '';
  return `${up} Your tier is reviewed ${REVIEW[set.window]}: you keep it if you met its threshold again in that period; ${down}.${grace}`;
}

/** The program's tiers for the public page: thresholds and benefits in words; hidden tiers stay hidden. */
export function tiersSection(defs: Definitions | null, program: Program): ProgramPage['tiers'] {
  if (defs === null) return null;
  const windowWords: Record<WindowType, string> = {
    calendar_year: 'What you do in each calendar year counts toward your tier.',
    calendar_quarter: 'What you do in each calendar quarter counts toward your tier.',
    calendar_month: 'What you do in each calendar month counts toward your tier.',
    membership_year: 'What you do in each year of your membership counts toward your tier.',
    rolling_12_months: 'What you did in the last 12 months counts toward your tier.',
    lifetime: 'Everything you have done since joining counts toward your tier.',
  };
  return {
    window: defs.set.window,
    windowText: windowWords[defs.set.window],
    keepText: keepText(defs),
    items: defs.ordered
      .filter((t) => !t.hidden)
      .map((t) => {
        const q = t.qualification;
        return {
          code: t.code,
          name: t.name,
          rank: t.rank,
          inviteOnly: t.inviteOnly ?? false,
          threshold: q
            ? {
                match: q.match ?? 'any',
                ...(q.spend !== undefined ? { spend: q.spend } : {}),
                ...(q.qualifyingPoints !== undefined ? { qualifyingPoints: q.qualifyingPoints } : {}),
                ...(q.purchases !== undefined ? { purchases: q.purchases } : {}),
              }
            : null,
          thresholdText: thresholdText(t, defs, program),
          benefits: t.benefits ?? {},
          benefitsText: benefitsText(t.benefits, program),
        };
      }),
  };
}
