import type { Db } from '../../db/database.js';
import { liveRules } from '../campaigns/rule-set.service.js';
import { applyEffects } from '../engine/apply-effects.js';
import { memberSnapshot } from '../engine/member-snapshot.js';
import { runRules } from '../engine/run-rules.js';
import { ledgerScope } from '../ledger/ledger.service.js';
import { lockWallet, MAIN_WALLET } from '../ledger/scope.js';
import { enqueueOutbox } from '../outbox/outbox.repository.js';
import type { LiveRule } from '../rules/evaluation.types.js';
import type { Program } from '../tenants/programs.repository.js';
import { insertHistory, type MemberTierRow, updateMemberTier } from './tiers.repository.js';

export interface TierChange {
  to: string;
  reason: 'upgrade' | 'downgrade' | 'requalified' | 'definition_changed' | 'manual' | 'manual_removed';
  at: Date;
  reviewAt: Date | null;
  manual?: boolean;
  actor?: string | null;
}

/** Per rule set (liveRules returns the same cached array while nothing changes), its tier_changed rules. */
const byRuleSet = new WeakMap<LiveRule[], LiveRule[]>();

/**
 * Locks the member's main wallet. Every path that changes a tier takes it before the tier row, in the order a
 * purchase takes them (wallet, then tier), so a tier_changed rule crediting points cannot deadlock with a purchase.
 */
export async function lockMemberWallet(db: Db, program: Program, memberId: string): Promise<void> {
  await lockWallet(db, await ledgerScope(db, program), { memberId, ...MAIN_WALLET });
}

/**
 * Moves a member (whose tier row the caller locked) to another tier: the row, a history entry, a
 * `member.tier_changed` webhook event, and the live `tier_changed` rules, all in the caller's transaction.
 */
export async function changeTier(
  db: Db,
  program: Program,
  row: MemberTierRow,
  change: TierChange,
): Promise<MemberTierRow> {
  const updated = await updateMemberTier(db, row.member_id, {
    tier_code: change.to,
    since: change.at,
    review_at: change.reviewAt,
    grace_until: null,
    manual: change.manual ?? false,
  });
  const historyId = await insertHistory(db, {
    tenantId: program.tenantId,
    programId: program.id,
    memberId: row.member_id,
    from: row.tier_code,
    to: change.to,
    reason: change.reason,
    actor: change.actor ?? null,
    at: change.at,
  });
  await enqueueOutbox(db, [
    {
      tenantId: program.tenantId,
      programId: program.id,
      type: 'member.tier_changed',
      payload: {
        memberId: row.member_id,
        from: row.tier_code,
        to: change.to,
        reason: change.reason,
        at: change.at.toISOString(),
      },
    },
  ]);
  await fireTierChanged(db, program, row.member_id, change.to, change.at, historyId);
  return updated;
}

/** Evaluates the live tier_changed rules for the member's new tier and applies what applies. */
async function fireTierChanged(
  db: Db,
  program: Program,
  memberId: string,
  tier: string,
  at: Date,
  historyId: string,
): Promise<void> {
  const all = await liveRules(db, program);
  let rules = byRuleSet.get(all);
  if (rules === undefined) {
    rules = all.filter((r) => r.rule.trigger.type === 'tier_changed');
    byRuleSet.set(all, rules);
  }
  if (rules.length === 0) return;
  const member = await memberSnapshot(db, program.tenantId, program.id, memberId, rules);
  const result = await runRules(
    db,
    program.id,
    {
      rules,
      activity: { trigger: 'tier_changed', tier, occurredAt: at },
      member,
      timezone: program.timezone,
    },
    'apply',
  );
  if (!result.outcomes.some((o) => o.applied)) return;
  await applyEffects(
    db,
    {
      scope: await ledgerScope(db, program),
      memberId,
      reference: `tier_changed:${historyId}`,
      subject: `reaching tier ${tier}`,
      occurredAt: at,
      idempotencyKey: `tier_changed:${historyId}`,
      journalKind: 'bonus',
    },
    result,
  );
}
