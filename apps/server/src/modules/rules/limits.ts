import type { DateTime } from 'luxon';
import type { EvaluationInput, LiveRule, UsageDelta } from './evaluation.types.js';
import { budgetKey, describePeriod, memberLimitKey, periodKey } from './periods.js';

/** Usage seen by this evaluation: the snapshot plus what rules earlier in this same evaluation used. */
export class UsageView {
  private readonly local = new Map<string, { count: number; points: number }>();
  readonly read = new Set<string>();
  constructor(private readonly snapshot: EvaluationInput['usage']) {}
  get(key: string) {
    this.read.add(key);
    const base = this.snapshot.get(key);
    const mine = this.local.get(key);
    return {
      count: (base?.count ?? 0) + (mine?.count ?? 0),
      points: (base?.points ?? 0) + (mine?.points ?? 0),
    };
  }
  add(delta: UsageDelta) {
    const mine = this.local.get(delta.key) ?? { count: 0, points: 0 };
    this.local.set(delta.key, { count: mine.count + delta.count, points: mine.points + delta.points });
  }
}

export interface Headroom {
  /** Points this rule may still award (Infinity: uncapped), or a refusal. */
  cap: number;
  refusal: string | null;
  keys: string[];
  notes: string[];
}

/** Per-member limits of a rule: a count limit refuses outright; a points limit caps. */
export function memberHeadroom(
  lr: LiveRule,
  input: EvaluationInput,
  local: DateTime,
  usage: UsageView,
): Headroom {
  const h: Headroom = { cap: Number.POSITIVE_INFINITY, refusal: null, keys: [], notes: [] };
  for (const limit of lr.rule.limits ?? []) {
    // A shared limit has one counter per campaign and member, which each sharing rule's awards add to.
    const key = memberLimitKey(
      lr.ref.campaignId,
      limit.shared ? '*' : lr.ref.ruleKey,
      input.member.id,
      periodKey(limit.period, local),
    );
    h.keys.push(key);
    const used = usage.get(key);
    const per = describePeriod(limit.period);
    if (limit.maxCount !== undefined && used.count >= limit.maxCount) {
      h.refusal = limit.shared
        ? `limit reached: the campaign's rules apply at most ${limit.maxCount}× ${per} per member (used ${used.count})`
        : `limit reached: applies at most ${limit.maxCount}× ${per} per member (used ${used.count})`;
    }
    if (limit.maxPoints !== undefined) {
      const left = Math.max(0, limit.maxPoints - used.points);
      if (left < h.cap) h.cap = left;
      h.notes.push(`${left} of ${limit.maxPoints} points ${per} left`);
      if (left === 0) {
        const whose = limit.shared ? " from the campaign's rules" : '';
        h.refusal = `limit reached: at most ${limit.maxPoints} points${whose} ${per} per member`;
      }
    }
  }
  return h;
}

/** The campaign budget shared by all its rules: total and per period. */
export function budgetHeadroom(lr: LiveRule, local: DateTime, usage: UsageView): Headroom {
  const h: Headroom = { cap: Number.POSITIVE_INFINITY, refusal: null, keys: [], notes: [] };
  const b = lr.campaign.budget;
  const parts = [
    b?.total !== undefined
      ? { key: budgetKey(lr.ref.campaignId, 'life'), max: b.total, what: 'total' }
      : null,
    b?.perPeriod
      ? {
          key: budgetKey(lr.ref.campaignId, periodKey(b.perPeriod.period, local)),
          max: b.perPeriod.points,
          what: describePeriod(b.perPeriod.period),
        }
      : null,
  ];
  for (const p of parts) {
    if (p === null) continue;
    h.keys.push(p.key);
    const left = Math.max(0, p.max - usage.get(p.key).points);
    if (left < h.cap) h.cap = left;
    if (left === 0) h.refusal = `campaign budget exhausted (${p.max} points ${p.what})`;
  }
  return h;
}
