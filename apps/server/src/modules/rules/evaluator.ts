import { DateTime } from 'luxon';
import { type ConditionContext, evaluateCondition } from './conditions.js';
import {
  type CashbackAward,
  capAwards,
  computeCashback,
  computePoints,
  MAIN_WALLET_CODE,
  type PointsAward,
} from './effects.js';
import type {
  EvaluationInput,
  EvaluationResult,
  LiveRule,
  ProposedEffect,
  RuleOutcome,
  UsageDelta,
} from './evaluation.types.js';
import { audienceIncludes, ruleOrder, scheduleOpen, triggerMatches } from './gates.js';
import { holdoutGate } from './holdout.js';
import { budgetHeadroom, memberHeadroom, UsageView } from './limits.js';
import type { CashbackEffect, Effect, LedgerEffect, PointsEffect } from './rule.schemas.js';

const isPoints = (e: Effect): e is PointsEffect => e.kind.startsWith('points_');
const isCashback = (e: Effect): e is CashbackEffect => e.kind === 'cashback_percent';
const isLedger = (e: Effect): e is LedgerEffect => isPoints(e) || isCashback(e);

/** The rule's gates in order: trigger, schedule, audience, condition. Passing: all reasons; failing: the first. */
function gate(
  lr: LiveRule,
  input: EvaluationInput,
  ctx: ConditionContext,
): { ok: boolean; reasons: string[] } {
  const trigger = triggerMatches(lr.rule.trigger, input.activity);
  if (!trigger.ok) return { ok: false, reasons: [trigger.reason] };
  const schedule = scheduleOpen(lr.campaign.schedule, input.activity.occurredAt, ctx.local);
  if (!schedule.ok) return { ok: false, reasons: [schedule.reason] };
  const audience = audienceIncludes(lr.campaign.audience, input.member);
  if (!audience.ok) return { ok: false, reasons: [audience.reason] };
  const held = holdoutGate(lr.campaign.holdouts, input.member.id);
  if (held) return { ok: false, reasons: [held.reason] };
  if (lr.campaign.offer?.requiresActivation && !input.member.activatedOffers?.includes(lr.ref.campaignId)) {
    return { ok: false, reasons: ['offer not activated by the member'] };
  }
  const reasons = [trigger.reason, schedule.reason, audience.reason];
  if (lr.rule.when) {
    const v = evaluateCondition(lr.rule.when, ctx);
    if (!v.ok) return { ok: false, reasons: [v.reason] };
    reasons.push(v.reason);
  }
  return { ok: true, reasons };
}

/**
 * The last order of each rule set (by array identity), reused while the same rules with the same sort fields come
 * again: live rule sets are cached and evaluated over and over, and sorting them costs a tenth of an evaluation.
 */
const orders = new WeakMap<LiveRule[], { rules: LiveRule[]; fields: unknown[]; sorted: LiveRule[] }>();
const sortFields = (lr: LiveRule) => [lr.base, lr.rule.priority, lr.ref.campaignName, lr.ref.ruleKey];

function inOrder(rules: LiveRule[]): LiveRule[] {
  const hit = orders.get(rules);
  if (hit && hit.rules.length === rules.length) {
    let same = true;
    for (let i = 0; same && i < rules.length; i++) {
      const lr = rules[i] as LiveRule;
      const f = i * 4;
      same =
        lr === hit.rules[i] &&
        lr.base === hit.fields[f] &&
        lr.rule.priority === hit.fields[f + 1] &&
        lr.ref.campaignName === hit.fields[f + 2] &&
        lr.ref.ruleKey === hit.fields[f + 3];
    }
    if (same) return hit.sorted;
  }
  const sorted = [...rules].sort(ruleOrder);
  orders.set(rules, { rules: [...rules], fields: rules.flatMap(sortFields), sorted });
  return sorted;
}

function explain(lr: LiveRule, what: string): string {
  const r = lr.ref;
  const source = lr.base ? r.campaignName : `${r.ruleName} — campaign '${r.campaignName}'`;
  return `${what} — ${source} v${r.version}`;
}

/**
 * Evaluates a rule set against one activity, purely: no I/O, no clock but the activity's time. Returns every rule's
 * outcome with reasons, the effects of the rules that applied, and the limit/budget usage they consume.
 */
export function evaluate(input: EvaluationInput): EvaluationResult {
  const local = DateTime.fromJSDate(input.activity.occurredAt, { zone: input.timezone });
  const ctx: ConditionContext = { activity: input.activity, member: input.member, local };
  const lineCount = input.activity.lines?.length ?? 0;
  const basePerLine = new Array<number>(lineCount).fill(0);
  const linePoints = new Array<number>(lineCount).fill(0);
  const usage = new UsageView(input.usage);
  const outcomes: RuleOutcome[] = [];
  const effects: ProposedEffect[] = [];
  const deltas: UsageDelta[] = [];
  const groups = new Map<string, string>();
  let stoppedBy: string | null = null;

  for (const lr of inOrder(input.rules)) {
    const outcome: RuleOutcome = { ref: lr.ref, applied: false, points: 0, reasons: [] };
    outcomes.push(outcome);
    if (stoppedBy !== null) {
      outcome.reasons.push(`skipped: '${stoppedBy}' applied and stops further rules`);
      continue;
    }
    const gates = gate(lr, input, ctx);
    const passed = gates.reasons;
    if (!gates.ok) {
      outcome.reasons.push(...passed);
      continue;
    }
    const group = lr.rule.group;
    const winner = group ? groups.get(group) : undefined;
    if (winner !== undefined) {
      outcome.reasons.push(`skipped: exclusive group '${group}' already applied by '${winner}'`);
      continue;
    }
    const awards = lr.rule.effects.filter(isPoints).map((e) => computePoints(e, input.activity, basePerLine));
    const wanted = awards.reduce((s, a) => s + a.amount, 0);
    // Cashback is money, not points: per-activity caps bound it, points limits and budgets do not.
    const cash = lr.rule.effects.filter(isCashback).map((e) => computeCashback(e, input.activity));
    const cashTotal = cash.reduce((s, a) => s + a.amount, 0);
    // A points/cashback-only rule with nothing to award (no matching lines, no base to multiply) does not apply: it
    // must not use up a limit's count, claim its exclusive group or stop further rules.
    if (wanted === 0 && cashTotal === 0 && awards.length + cash.length === lr.rule.effects.length) {
      const what = [...awards, ...cash].map((a) => a.describe).join('; ');
      outcome.reasons.push(
        ...passed,
        `not applied: no ${cash.length > 0 ? 'cashback' : 'points'} to award (${what})`,
      );
      continue;
    }
    const member = memberHeadroom(lr, input, local, usage);
    const budget = budgetHeadroom(lr, local, usage);
    const refusal = member.refusal ?? budget.refusal;
    if (refusal !== null && (wanted > 0 || member.refusal !== null)) {
      outcome.reasons.push(...passed, `not applied: ${refusal}`);
      continue;
    }
    const cap = Math.min(member.cap, budget.cap);
    const capped = capAwards(awards, cap);
    const points = capped.reduce((s, a) => s + a.amount, 0);
    outcome.applied = true;
    outcome.points = points;
    outcome.reasons.push(...passed, ...member.notes);
    if (points < wanted)
      outcome.reasons.push(`capped from ${wanted} to ${points} points by limits and budget`);
    for (const a of capped) addAward(lr, a, effects, linePoints, lr.base ? basePerLine : null);
    for (const c of cash) addCashback(lr, c, effects);
    for (const e of lr.rule.effects) {
      if (!isLedger(e))
        effects.push({ ref: lr.ref, kind: 'other', effect: e, explanation: explain(lr, describeOther(e)) });
    }
    for (const key of member.keys) record(usage, deltas, { key, count: 1, points });
    for (const key of budget.keys) record(usage, deltas, { key, count: 1, points });
    if (group) groups.set(group, lr.ref.ruleName);
    if (lr.rule.stop) stoppedBy = lr.ref.ruleName;
  }
  return {
    outcomes,
    effects,
    points: mainWalletTotal(effects),
    linePoints,
    usage: deltas,
    usageKeys: [...usage.read].sort(),
  };
}

function record(usage: UsageView, deltas: UsageDelta[], d: UsageDelta) {
  usage.add(d);
  deltas.push(d);
}

function mainWalletTotal(effects: ProposedEffect[]): number {
  return effects.reduce(
    (s, e) => (e.kind === 'points' && !e.money && e.wallet === MAIN_WALLET_CODE ? s + e.amount : s),
    0,
  );
}

function addAward(
  lr: LiveRule,
  a: PointsAward,
  effects: ProposedEffect[],
  linePoints: number[],
  base: number[] | null,
) {
  if (a.amount === 0) return;
  const wallet = a.wallet === MAIN_WALLET_CODE ? '' : ` to ${a.wallet}`;
  effects.push({
    ref: lr.ref,
    kind: 'points',
    wallet: a.wallet,
    amount: a.amount,
    lines: a.lines,
    pendingDays: a.effect.pendingDays ?? null,
    expiresInDays: a.effect.expiresInDays,
    explanation: explain(lr, `+${a.amount} points${wallet}: ${a.describe}`),
  });
  a.lines?.forEach((p, i) => {
    linePoints[i] = (linePoints[i] ?? 0) + p;
    if (base) base[i] = (base[i] ?? 0) + p;
  });
}

function addCashback(lr: LiveRule, c: CashbackAward, effects: ProposedEffect[]) {
  if (c.amount === 0) return;
  effects.push({
    ref: lr.ref,
    kind: 'points',
    money: true,
    wallet: c.effect.wallet,
    amount: c.amount,
    lines: c.lines,
    pendingDays: c.effect.pendingDays ?? null,
    // Store credit does not follow the points expiry policy: it never expires unless the effect says so.
    expiresInDays: c.effect.expiresInDays ?? null,
    explanation: explain(lr, `+${c.amountText} cashback to ${c.effect.wallet}: ${c.describe}`),
  });
}

function describeOther(e: Exclude<Effect, LedgerEffect>): string {
  switch (e.kind) {
    case 'issue_coupon':
      return `coupon '${e.name}' (${e.discount.type === 'percent' ? `${e.discount.value}%` : `${e.discount.value} off`}, valid ${e.validDays} days)`;
    case 'tag_member':
      return `tagged ${e.tag}`;
    case 'set_attribute':
      return `set ${e.key} = ${String(e.value)}`;
    case 'emit_event':
      return `event ${e.type} emitted`;
  }
}
