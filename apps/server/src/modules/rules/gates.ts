import type { DateTime } from 'luxon';
import { localHHmm, type Verdict } from './conditions.js';
import type { Activity, LiveRule, MemberSnapshot } from './evaluation.types.js';
import type { Audience, Schedule, Trigger } from './rule.schemas.js';

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const ok = (reason: string): Verdict => ({ ok: true, reason });
const no = (reason: string): Verdict => ({ ok: false, reason });

function describeTrigger(t: Trigger): string {
  switch (t.type) {
    case 'event':
      return `event ${t.eventType}`;
    case 'inactivity':
      return `${t.days} days without a purchase`;
    case 'schedule':
      return `every ${t.every}`;
    case 'tier_changed':
      return t.toTiers ? `reaching tier ${t.toTiers.join(' or ')}` : 'a tier change';
    case 'segment_entered':
      return `entering segment ${t.segments.join(' or ')}`;
    case 'segment_left':
      return `leaving segment ${t.segments.join(' or ')}`;
    default:
      return t.type.replace('_', ' ');
  }
}

/** Whether the rule listens to this kind of activity at all. */
export function triggerMatches(t: Trigger, a: Activity): Verdict {
  const what = describeTrigger(t);
  if (t.type !== a.trigger)
    return no(
      `runs on ${what}, not ${a.trigger === 'event' ? `event ${a.eventType}` : a.trigger.replace('_', ' ')}`,
    );
  if (t.type === 'event' && t.eventType !== a.eventType)
    return no(`runs on ${what}, not event ${a.eventType}`);
  if (t.type === 'inactivity' && (a.inactiveDays ?? 0) < t.days)
    return no(`runs after ${t.days} days without a purchase; it has been ${a.inactiveDays ?? 0}`);
  if (t.type === 'tier_changed' && t.toTiers && !(a.tier && t.toTiers.includes(a.tier)))
    return no(`runs on ${what}; new tier is ${a.tier ?? 'none'}`);
  if (
    (t.type === 'segment_entered' || t.type === 'segment_left') &&
    !(a.segment && t.segments.includes(a.segment))
  )
    return no(`runs on ${what}; the segment is ${a.segment ?? 'none'}`);
  return ok(`on ${what}`);
}

/** Parsed schedule instants by their text: every rule of every evaluation reads them. */
const instants = new Map<string, number>();
function instant(iso: string): number {
  let ms = instants.get(iso);
  if (ms === undefined) {
    if (instants.size >= 10_000) instants.clear();
    ms = new Date(iso).getTime();
    instants.set(iso, ms);
  }
  return ms;
}

/** Whether the campaign runs at the activity's time: start/end instants, then local days and hours. */
export function scheduleOpen(s: Schedule, at: Date, local: DateTime): Verdict {
  // NaN (an unparsable instant) compares false either way, as the Date comparison did.
  if (s.start && at.getTime() < instant(s.start)) return no(`campaign starts ${s.start}`);
  if (s.end && at.getTime() >= instant(s.end)) return no(`campaign ended ${s.end}`);
  const r = s.recurrence;
  if (r === undefined) return ok('campaign running');
  if (r.daysOfWeek && !r.daysOfWeek.includes(local.weekday))
    return no(
      `campaign runs on ${r.daysOfWeek.map((d) => WEEKDAYS[d]).join(', ')}; it is ${WEEKDAYS[local.weekday]}`,
    );
  if (r.daysOfMonth && !r.daysOfMonth.includes(local.day))
    return no(`campaign runs on days ${r.daysOfMonth.join(', ')} of the month; it is the ${local.day}`);
  if (r.months && !r.months.includes(local.month))
    return no(`campaign runs in months ${r.months.join(', ')}; it is month ${local.month}`);
  const hhmm = localHHmm(local);
  const from = r.from ?? '00:00';
  const to = r.to ?? '24:00';
  const inHours = from <= to ? hhmm >= from && hhmm < to : hhmm >= from || hhmm < to;
  return inHours ? ok('campaign running') : no(`campaign runs ${from}–${to}; it is ${hhmm}`);
}

export function audienceIncludes(a: Audience, m: MemberSnapshot): Verdict {
  if (a.type === 'all') return ok('open to all members');
  if (a.type === 'tiers') {
    return m.tier !== null && a.tiers.includes(m.tier)
      ? ok(`open to tier ${m.tier}`)
      : no(`campaign is for tier ${a.tiers.join(' or ')}; member is ${m.tier ?? 'in no tier'}`);
  }
  const hit = a.segments.find((s) => m.segments.includes(s));
  return hit
    ? ok(`member is in segment ${hit}`)
    : no(`campaign is for segment ${a.segments.join(' or ')}; member is in none`);
}

/** What `String.prototype.localeCompare` uses without arguments, built once instead of per comparison. */
const collate = new Intl.Collator().compare;

/** The order rules run in: the base rule first (multipliers need it), then priority, then a stable tiebreak. */
export function ruleOrder(a: LiveRule, b: LiveRule): number {
  if (a.base !== b.base) return a.base ? -1 : 1;
  const pa = a.rule.priority ?? 0;
  const pb = b.rule.priority ?? 0;
  if (pa !== pb) return pb - pa;
  return collate(a.ref.campaignName, b.ref.campaignName) || collate(a.ref.ruleKey, b.ref.ruleKey);
}
