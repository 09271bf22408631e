import type { Holdout } from './holdout.js';
import type { Audience, Budget, Effect, Rule, Schedule, TriggerType } from './rule.schemas.js';

/** Which published rule produced something: every effect and ledger entry carries one. */
export interface RuleRef {
  campaignId: string;
  campaignName: string;
  versionId: string;
  version: number;
  ruleKey: string;
  ruleName: string;
}

/** A rule as it is live (or drafted) in a campaign version, with the campaign settings that gate it. */
export interface LiveRule {
  ref: RuleRef;
  rule: Rule;
  campaign: {
    schedule: Schedule;
    audience: Audience;
    budget: Budget | null;
    /** Control groups (program and campaign holdouts) whose members this rule never rewards. */
    holdouts?: readonly Holdout[];
    /** A campaign shown to members as a personal offer; with requiresActivation only activating members are rewarded. */
    offer?: { title: string; description?: string; categories?: string[]; requiresActivation: boolean };
  };
  /** The program's default earn rule: evaluated first; multipliers multiply what it awards. */
  base: boolean;
}

export interface ActivityLine {
  sku: string;
  category: string | null;
  brand: string | null;
  quantity: number;
  unitPrice: number;
  discount: number;
  net: number;
}

/** What happened. Purchases carry lines and totals; events carry properties. Times are instants. */
export interface Activity {
  trigger: TriggerType;
  occurredAt: Date;
  eventType?: string;
  properties?: Record<string, unknown>;
  /** For `inactivity`: whole days since the last purchase. For `tier_changed`: the new tier. */
  inactiveDays?: number;
  tier?: string;
  /** For `segment_entered` / `segment_left`: the segment's code. */
  segment?: string;
  currency?: string;
  channel?: string | null;
  storeId?: string | null;
  /** The coalition partner the activity happened at (purchases recorded by or for a partner). */
  partnerId?: string | null;
  paymentMethod?: string | null;
  lines?: ActivityLine[];
  subtotal?: number;
  discount?: number;
  total?: number;
}

export interface MemberSnapshot {
  id: string;
  enrolledAt: Date;
  birthDate: string | null;
  attributes: Record<string, unknown>;
  tier: string | null;
  segments: string[];
  /** Ids of the offer campaigns the member activated (read only when a live rule needs activation). */
  activatedOffers?: string[];
  tags: string[];
  consents: Record<string, boolean>;
  counters: { purchases: number; events: number; lifetimePoints: number; balance: number };
}

/** Usage so far of limits and budgets, by usage key (see usageKeys). Missing key: nothing used yet. */
export type UsageSnapshot = ReadonlyMap<string, { count: number; points: number }>;

export interface EvaluationInput {
  rules: LiveRule[];
  activity: Activity;
  member: MemberSnapshot;
  timezone: string;
  usage: UsageSnapshot;
}

export type ProposedEffect =
  | {
      ref: RuleRef;
      kind: 'points';
      wallet: string;
      amount: number;
      /** Per purchase line, for points in the main wallet and for cashback: what a return of that line claws back. */
      lines: number[] | null;
      /** True for cashback: `amount` is minor units of the program currency in a money wallet, not points. */
      money?: boolean;
      pendingDays: number | null;
      expiresInDays: number | null | undefined;
      explanation: string;
    }
  | {
      ref: RuleRef;
      kind: 'other';
      effect: Exclude<Effect, { kind: `points_${string}` | 'cashback_percent' }>;
      explanation: string;
    };

export interface UsageDelta {
  key: string;
  count: number;
  points: number;
}

export interface RuleOutcome {
  ref: RuleRef;
  applied: boolean;
  points: number;
  /** Why it applied or not, in words a marketer reads ("requires tier Gold; member is Silver"). */
  reasons: string[];
}

export interface EvaluationResult {
  outcomes: RuleOutcome[];
  effects: ProposedEffect[];
  /** Main-wallet points in total and per purchase line. */
  points: number;
  linePoints: number[];
  usage: UsageDelta[];
  /** Usage keys this evaluation read to decide limits and budgets of the rules that applied. */
  usageKeys: string[];
}
