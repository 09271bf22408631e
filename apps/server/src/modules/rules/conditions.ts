import type { DateTime } from 'luxon';
import { compare, OP_WORDS, show } from './compare.js';
import type { Activity, MemberSnapshot } from './evaluation.types.js';
import { describeMatch, lineMatches, moneyText } from './line-match.js';
import type { CompareOp, Condition, LeafCondition } from './rule.schemas.js';

export { compare, compareNumber } from './compare.js';
export { describeMatch, lineMatches, moneyText } from './line-match.js';

export interface ConditionContext {
  activity: Activity;
  member: MemberSnapshot;
  /** The activity's time in the program time zone: every date, weekday and hour condition reads this. */
  local: DateTime;
}

export interface Verdict {
  ok: boolean;
  reason: string;
}

const DAY = 86_400_000;
const WEEKDAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
function activityField(a: Activity, field: string): unknown {
  switch (field) {
    case 'itemCount':
      return a.lines?.reduce((s, l) => s + l.quantity, 0);
    case 'lineCount':
      return a.lines?.length;
    default:
      return (a as unknown as Record<string, unknown>)[field];
  }
}

function readPath(obj: Record<string, unknown> | undefined, path: string): unknown {
  let at: unknown = obj;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** Reasons are built only for the side that happened: most leaves pass, and formatting is the costly part. */
function verdict(ok: boolean, passed: () => string, failed: () => string): Verdict {
  return { ok, reason: ok ? passed() : failed() };
}

/** "HH:mm" of a local time, without Luxon's format parser (this runs for every time condition of every rule). */
export function localHHmm(local: DateTime): string {
  const h = local.hour;
  const m = local.minute;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}`;
}

function compareVerdict(
  label: string,
  op: CompareOp,
  actual: unknown,
  expected: unknown,
  render: (v: unknown) => string = show,
): Verdict {
  const want = `${label} ${OP_WORDS[op]}${op === 'exists' || op === 'not_exists' ? '' : ` ${render(expected)}`}`;
  return compare(op, actual, expected)
    ? { ok: true, reason: want }
    : { ok: false, reason: `requires ${want}; it is ${render(actual)}` };
}

function quantified(label: string, have: string[], want: string[], match: 'any' | 'all' | 'none'): Verdict {
  const hits = want.filter((w) => have.includes(w));
  const ok =
    match === 'any' ? hits.length > 0 : match === 'all' ? hits.length === want.length : hits.length === 0;
  const need = `${match === 'none' ? 'none' : match} of ${label} ${want.join(', ')}`;
  return verdict(
    ok,
    () => `member has ${need}`,
    () => `requires ${need}; member has ${have.length ? have.join(', ') : 'none'}`,
  );
}

function evaluateItems(c: Extract<LeafCondition, { kind: 'items' | 'items_total' }>, a: Activity): Verdict {
  const lines = a.lines ?? [];
  const what = describeMatch(c.match);
  const hits = lines.filter((l) => lineMatches(l, c.match));
  if (c.kind === 'items') {
    const ok =
      c.quantifier === 'any'
        ? hits.length > 0
        : c.quantifier === 'all'
          ? lines.length > 0 && hits.length === lines.length
          : hits.length === 0;
    const need =
      c.quantifier === 'any'
        ? `an item of ${what}`
        : c.quantifier === 'all'
          ? `only items of ${what}`
          : `no item of ${what}`;
    return verdict(
      ok,
      () => `basket has ${need}`,
      () => `requires ${need}; ${hits.length} of ${lines.length} lines match`,
    );
  }
  const value =
    c.measure === 'lines'
      ? hits.length
      : c.measure === 'quantity'
        ? hits.reduce((s, l) => s + l.quantity, 0)
        : hits.reduce((s, l) => s + l.net, 0);
  const money = c.measure === 'net' ? (v: unknown) => moneyText(Number(v), a.currency ?? 'EUR') : undefined;
  return compareVerdict(`${c.measure} of ${what}`, c.op, value, c.value, money);
}

function evaluateTime(
  c: Extract<LeafCondition, { kind: 'date_range' | 'days_of_week' | 'time_of_day' }>,
  local: DateTime,
): Verdict {
  if (c.kind === 'date_range') {
    const day = local.toISODate() ?? '';
    const ok = (c.from === undefined || day >= c.from) && (c.to === undefined || day <= c.to);
    const range = `${c.from ?? 'any date'} to ${c.to ?? 'any date'}`;
    return verdict(
      ok,
      () => `date ${day} is within ${range}`,
      () => `runs ${range}; it is ${day}`,
    );
  }
  if (c.kind === 'days_of_week') {
    return verdict(
      c.days.includes(local.weekday),
      () => `on ${WEEKDAYS[local.weekday]}`,
      () => `runs on ${c.days.map((d) => WEEKDAYS[d]).join(', ')}; it is ${WEEKDAYS[local.weekday]}`,
    );
  }
  const hhmm = localHHmm(local);
  // A window whose end is before its start wraps past midnight (22:00–02:00).
  const ok = c.from <= c.to ? hhmm >= c.from && hhmm < c.to : hhmm >= c.from || hhmm < c.to;
  return verdict(
    ok,
    () => `at ${hhmm}, within ${c.from}–${c.to}`,
    () => `runs ${c.from}–${c.to}; it is ${hhmm}`,
  );
}

function evaluateMember(c: LeafCondition, ctx: ConditionContext): Verdict {
  const m = ctx.member;
  switch (c.kind) {
    case 'member_attribute':
      return compareVerdict(`attribute ${c.key}`, c.op, m.attributes[c.key], c.value);
    case 'member_tier': {
      const tier = m.tier ?? 'none';
      return verdict(
        m.tier !== null && c.tiers.includes(m.tier),
        () => `tier ${tier}`,
        () => `requires tier ${c.tiers.join(' or ')}; member is ${tier}`,
      );
    }
    case 'member_segment':
      return quantified('segments', m.segments, c.segments, c.match);
    case 'member_tag':
      return quantified('tags', m.tags, c.tags, c.match);
    case 'member_tenure': {
      const days = Math.floor((ctx.activity.occurredAt.getTime() - m.enrolledAt.getTime()) / DAY);
      return compareVerdict('membership (days)', c.op, days, c.days);
    }
    case 'member_counter':
      return compareVerdict(c.counter, c.op, m.counters[c.counter], c.value);
    case 'consent': {
      const has = m.consents[c.purpose] === true;
      return verdict(
        has === c.granted,
        () => `${c.purpose} consent ${has ? 'given' : 'not given'}`,
        () => `requires ${c.purpose} consent ${c.granted ? 'given' : 'not given'}`,
      );
    }
    default:
      throw new Error(`not a member condition: ${c.kind}`);
  }
}

function evaluateLeaf(c: LeafCondition, ctx: ConditionContext): Verdict {
  const a = ctx.activity;
  switch (c.kind) {
    case 'activity': {
      const money = c.field === 'total' || c.field === 'subtotal' || c.field === 'discount';
      const render = money
        ? (v: unknown) => (typeof v === 'number' ? moneyText(v, a.currency ?? 'EUR') : show(v))
        : undefined;
      return compareVerdict(c.field, c.op, activityField(a, c.field), c.value, render);
    }
    case 'event_property':
      return compareVerdict(`event ${c.path}`, c.op, readPath(a.properties, c.path), c.value);
    case 'items':
    case 'items_total':
      return evaluateItems(c, a);
    case 'date_range':
    case 'days_of_week':
    case 'time_of_day':
      return evaluateTime(c, ctx.local);
    case 'channel':
      return verdict(
        a.channel != null && c.channels.includes(a.channel),
        () => `channel ${a.channel}`,
        () => `requires channel ${c.channels.join(' or ')}; it is ${show(a.channel)}`,
      );
    case 'store':
      return verdict(
        a.storeId != null && c.stores.includes(a.storeId),
        () => `store ${a.storeId}`,
        () => `requires store ${c.stores.join(' or ')}; it is ${show(a.storeId)}`,
      );
    case 'partner':
      return verdict(
        a.partnerId != null && c.partners.includes(a.partnerId),
        () => `at partner ${a.partnerId}`,
        () => `requires partner ${c.partners.join(' or ')}; it is ${show(a.partnerId)}`,
      );
    default:
      return evaluateMember(c, ctx);
  }
}

/** Evaluates a condition tree; the reason names the deciding leaf (the first failing one, or all passing ones). */
export function evaluateCondition(c: Condition, ctx: ConditionContext): Verdict {
  switch (c.kind) {
    case 'all': {
      // Conditions are pure, so stopping at the deciding one changes nothing but the work done.
      const reasons: string[] = [];
      for (const x of c.conditions) {
        const r = evaluateCondition(x, ctx);
        if (!r.ok) return r;
        reasons.push(r.reason);
      }
      return { ok: true, reason: reasons.join('; ') };
    }
    case 'any': {
      const reasons: string[] = [];
      for (const x of c.conditions) {
        const r = evaluateCondition(x, ctx);
        if (r.ok) return r;
        reasons.push(r.reason);
      }
      return { ok: false, reason: `none of: ${reasons.join(' | ')}` };
    }
    case 'not': {
      const inner = evaluateCondition(c.condition, ctx);
      return {
        ok: !inner.ok,
        reason: inner.ok ? `excluded because ${inner.reason}` : `not (${inner.reason})`,
      };
    }
    default:
      return evaluateLeaf(c, ctx);
  }
}
