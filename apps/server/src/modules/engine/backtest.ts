import type { Db } from '../../db/database.js';
import { formatMoney } from '../../lib/money.js';
import { liveRules, type RuleSetOptions } from '../campaigns/rule-set.service.js';
import { eventsBetween } from '../events/events.repository.js';
import { walletFigures } from '../ledger/accounts.repository.js';
import { findMembersByIds } from '../members/members.repository.js';
import type { Activity, LiveRule, MemberSnapshot } from '../rules/evaluation.types.js';
import { evaluate } from '../rules/evaluator.js';
import type { Program } from '../tenants/programs.repository.js';
import { tierCodeOf } from '../tiers/definitions.js';
import { factsOf } from '../transactions/award-points.js';
import {
  linesOfMany,
  purchaseCountsBefore,
  purchasesBetween,
} from '../transactions/transactions.repository.js';
import { rulesNeedCounters, toSnapshot } from './member-snapshot.js';
import { purchaseActivity } from './purchase-activity.js';

const PAGE = 500;

interface Scenario {
  rules: LiveRule[];
  usage: Map<string, { count: number; points: number }>;
  points: number;
  byMember: Map<string, number>;
  byCampaign: Map<string, { campaignId: string; name: string; points: number }>;
}

export interface ScenarioReport {
  points: number;
  members: number;
  cost: { minor: number; currency: string; formatted: string };
  byCampaign: { campaignId: string; name: string; points: number }[];
}

export interface BacktestReport {
  from: string;
  to: string;
  purchases: number;
  events: number;
  live: ScenarioReport;
  draft: ScenarioReport;
  difference: { points: number; costMinor: number };
  biggestChanges: { memberId: string; live: number; draft: number; difference: number }[];
}

function scenario(rules: LiveRule[]): Scenario {
  return { rules, usage: new Map(), points: 0, byMember: new Map(), byCampaign: new Map() };
}

/** Evaluates one activity in a scenario, carrying limit and budget usage forward as a real run would. */
function replay(s: Scenario, activity: Activity, member: MemberSnapshot, timezone: string) {
  const result = evaluate({ rules: s.rules, activity, member, timezone, usage: s.usage });
  for (const d of result.usage) {
    const u = s.usage.get(d.key) ?? { count: 0, points: 0 };
    s.usage.set(d.key, { count: u.count + d.count, points: u.points + d.points });
  }
  s.points += result.points;
  s.byMember.set(member.id, (s.byMember.get(member.id) ?? 0) + result.points);
  for (const e of result.effects) {
    if (e.kind !== 'points' || e.wallet !== 'points') continue;
    const c = s.byCampaign.get(e.ref.campaignId) ?? {
      campaignId: e.ref.campaignId,
      name: e.ref.campaignName,
      points: 0,
    };
    c.points += e.amount;
    s.byCampaign.set(e.ref.campaignId, c);
  }
}

function report(s: Scenario, program: Program): ScenarioReport {
  const minor = Math.round((s.points * program.pointValueMinor) / program.pointValuePoints);
  return {
    points: s.points,
    members: [...s.byMember.values()].filter((p) => p > 0).length,
    cost: { minor, currency: program.currency, formatted: formatMoney(minor, program.currency) },
    byCampaign: [...s.byCampaign.values()].sort((a, b) => b.points - a.points),
  };
}

/** Members of a page, as snapshots: profiles and tiers as they are now, purchase counters as they were when the window began. */
async function snapshots(db: Db, program: Program, memberIds: string[], from: Date, needCounters: boolean) {
  const rows = await findMembersByIds(db, memberIds);
  const before = needCounters ? await purchaseCountsBefore(db, memberIds, from) : new Map<string, number>();
  const out = new Map<string, MemberSnapshot>();
  for (const m of rows) {
    const wallet = needCounters
      ? await walletFigures(db, program.id, m.id)
      : { balance: 0, lifetimePoints: 0 };
    const tier = await tierCodeOf(db, program.id, m.id);
    out.set(m.id, toSnapshot(m, { purchases: before.get(m.id) ?? 0, events: 0, ...wallet }, tier));
  }
  return out;
}

/**
 * Replays a window of stored purchases and events against the live rules and against the live rules with a draft,
 * side by side, with nothing written. Page by page, so memory stays flat however long the window. Member profiles are
 * taken as they are now; purchase counters advance through the replay.
 */
export async function backtest(
  db: Db,
  program: Program,
  window: { from: Date; to: Date },
  drafts: NonNullable<RuleSetOptions['drafts']>,
  onProgress?: (done: number) => void,
): Promise<BacktestReport> {
  const live = scenario(await liveRules(db, program));
  const draft = scenario(await liveRules(db, program, { drafts }));
  const scenarios = [live, draft];
  const needCounters = rulesNeedCounters(live.rules) || rulesNeedCounters(draft.rules);
  const known = new Map<string, MemberSnapshot>();
  const member = async (ids: string[]) => {
    const missing = [...new Set(ids)].filter((id) => !known.has(id));
    for (const [id, snap] of await snapshots(db, program, missing, window.from, needCounters))
      known.set(id, snap);
  };
  let purchases = 0;
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    const page = await purchasesBetween(db, program.id, window.from, window.to, after, PAGE);
    if (page.length === 0) break;
    const lines = await linesOfMany(
      db,
      page.map((t) => t.id),
    );
    await member(page.map((t) => t.member_id ?? ''));
    for (const tx of page) {
      const snap = known.get(tx.member_id ?? '');
      if (snap === undefined) continue;
      const activity = purchaseActivity(
        factsOf(
          tx,
          lines.filter((l) => l.transaction_id === tx.id),
        ),
      );
      for (const s of scenarios) replay(s, activity, snap, program.timezone);
      snap.counters.purchases++;
      purchases++;
    }
    const last = page[page.length - 1];
    after = last ? { at: last.occurred_at, id: last.id } : null;
    onProgress?.(purchases);
  }
  const events = await eventsBetween(db, program.id, window.from, window.to);
  await member(events.map((e) => e.member_id));
  for (const e of events) {
    const snap = known.get(e.member_id);
    if (snap === undefined) continue;
    const activity: Activity = {
      trigger: 'event',
      eventType: e.type,
      occurredAt: e.occurred_at,
      properties: e.properties,
    };
    for (const s of scenarios) replay(s, activity, snap, program.timezone);
  }
  const liveReport = report(live, program);
  const draftReport = report(draft, program);
  const ids = new Set([...live.byMember.keys(), ...draft.byMember.keys()]);
  const changes = [...ids]
    .map((memberId) => {
      const l = live.byMember.get(memberId) ?? 0;
      const d = draft.byMember.get(memberId) ?? 0;
      return { memberId, live: l, draft: d, difference: d - l };
    })
    .filter((c) => c.difference !== 0)
    .sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference) || a.memberId.localeCompare(b.memberId))
    .slice(0, 10);
  return {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    purchases,
    events: events.length,
    live: liveReport,
    draft: draftReport,
    difference: {
      points: draft.points - live.points,
      costMinor: draftReport.cost.minor - liveReport.cost.minor,
    },
    biggestChanges: changes,
  };
}
