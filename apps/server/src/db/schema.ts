import type { ColumnType, Generated, JSONColumnType } from 'kysely';

/**
 * Kysely's view of the database. Each module owns its tables; this file only describes their shape so the query
 * builder can type-check SQL. Column names are snake_case as in the migrations.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface TenantsTable {
  id: string;
  slug: string;
  name: string;
  is_default: boolean;
  created_at: Timestamp;
}

export interface ProgramsTable {
  id: string;
  tenant_id: string;
  slug: string;
  name: string;
  currency: string;
  timezone: string;
  point_name: string;
  point_value_minor: number;
  point_value_points: number;
  default_country: string | null;
  attribute_schema: JSONColumnType<AttributeField[], string, string>;
  is_default: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Share of members held out of every rule as the program's control group (0017_holdouts). */
  holdout_percent: Generated<number>;
}

export interface AttributeField {
  key: string;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'date';
  required?: boolean;
  enum?: (string | number)[];
  description?: string;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  name: string;
  scope: 'server' | 'publishable';
  prefix: string;
  secret_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  /** A partner key acts only for this coalition partner (0012_partners). */
  partner_id: Generated<string | null>;
}

export interface MembersTable {
  id: string;
  tenant_id: string;
  program_id: string;
  status: 'active' | 'blocked' | 'deleted';
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  birth_date: string | null;
  locale: string | null;
  address: JSONColumnType<Record<string, string> | null, string | null, string | null>;
  attributes: JSONColumnType<Record<string, unknown>, string, string>;
  consents: JSONColumnType<Record<string, ConsentRecord>, string, string>;
  enrollment_channel: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
  merged_into: ColumnType<string | null, string | null | undefined, string | null>;
  tags: ColumnType<string[], string[] | undefined, string[]>;
}

export interface ConsentRecord {
  granted: boolean;
  at: string;
  source: string;
}

export interface MemberIdentitiesTable {
  id: string;
  tenant_id: string;
  program_id: string;
  member_id: string;
  type: string;
  value: string;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  tenant_id: string;
  key: string;
  request_hash: string;
  status_code: number;
  response_body: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
}

export interface LedgerPoliciesTable {
  program_id: string;
  tenant_id: string;
  earn_points: number;
  earn_per_minor: number;
  earn_rounding: 'floor' | 'round' | 'ceil';
  excluded_skus: string[];
  excluded_categories: string[];
  pending_days: number;
  expiry_mode: 'never' | 'after_earn' | 'inactivity';
  expiry_days: number;
  expiry_months: number;
  expiry_round_to: 'none' | 'month' | 'quarter' | 'year';
  /** Tier codes whose members lose nothing to expiry (0014). */
  expiry_exempt_tiers: Generated<string[]>;
  return_policy: 'negative' | 'clip';
  transfers_allowed: boolean;
  hold_ttl_seconds: number;
  claim_window_days: number;
  updated_at: Timestamp;
}

export interface LedgerWalletTypesTable {
  program_id: string;
  code: string;
  name: string;
  unit: string;
}

export interface LedgerAccountsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  member_id: string | null;
  code: string;
  unit: string;
  balance: Generated<number>;
  debt: Generated<number>;
  last_activity_at: Timestamp | null;
  created_at: Timestamp;
}

export interface LedgerJournalsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  kind: string;
  member_id: string | null;
  idempotency_key: string | null;
  reference: string | null;
  reason: string | null;
  actor: string | null;
  explanation: string;
  shortfall: Generated<number>;
  reverses_id: string | null;
  occurred_at: Timestamp;
  created_at: Timestamp;
  /** The coalition partner that caused the journal, for settlement (0012_partners). */
  partner_id: Generated<string | null>;
}

export interface LedgerLotsTable {
  id: string;
  account_id: string;
  journal_id: string;
  amount: number;
  remaining: number;
  earned_at: Timestamp;
  available_at: Timestamp;
  expires_at: Timestamp | null;
  origin_lot_id: string | null;
}

export interface LedgerEntriesTable {
  id: Generated<number>;
  journal_id: string;
  account_id: string;
  amount: number;
  campaign_version_id: string | null;
  rule_key: string | null;
  created_at: Timestamp;
}

export interface LedgerLotMovementsTable {
  id: Generated<number>;
  journal_id: string;
  lot_id: string;
  amount: number;
  created_at: Timestamp;
}

export interface LedgerHoldsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  member_id: string;
  account_id: string;
  amount: number;
  status: 'held' | 'captured' | 'released' | 'expired';
  reference: string | null;
  hold_journal_id: string;
  settle_journal_id: string | null;
  expires_at: Timestamp;
  created_at: Timestamp;
  settled_at: Timestamp | null;
}

export interface TransactionsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  member_id: string | null;
  external_id: string;
  request_hash: string;
  occurred_at: Timestamp;
  channel: string | null;
  store_id: string | null;
  currency: string;
  subtotal: number;
  discount_total: number;
  total: number;
  payment_method: string | null;
  points_awarded: Generated<number>;
  points_clawed: Generated<number>;
  returned_amount: Generated<number>;
  earn_journal_id: string | null;
  claimed_at: Timestamp | null;
  effects: JSONColumnType<unknown[], string | undefined, string>;
  created_at: Generated<Date>;
  /** The coalition partner the purchase was made at (0012_partners). */
  partner_id: Generated<string | null>;
}

export interface TransactionLinesTable {
  transaction_id: string;
  line_no: number;
  sku: string;
  name: string | null;
  category: string | null;
  brand: string | null;
  quantity: number;
  unit_price: number;
  discount: number;
  net: number;
  eligible: boolean;
  points: Generated<number>;
  explanation: string;
  returned_quantity: Generated<number>;
  clawed_points: Generated<number>;
}

export interface TransactionReturnsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  transaction_id: string;
  external_id: string;
  request_hash: string;
  items: JSONColumnType<{ sku: string; quantity: number }[], string, string>;
  amount: number;
  points_clawed: number;
  breakdown: JSONColumnType<Record<string, number>, string, string>;
  journal_id: string | null;
  explanation: string;
  created_at: Generated<Date>;
}

export interface AuditLogTable {
  id: string;
  tenant_id: string;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  details: JSONColumnType<Record<string, unknown>, string, string>;
  created_at: Generated<Date>;
}

export interface JobsTable {
  id: string;
  kind: string;
  dedupe_key: string;
  payload: JSONColumnType<Record<string, unknown>, string, string>;
  status: 'queued' | 'running' | 'done' | 'failed';
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
}

export interface CampaignsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  kind: 'standard' | 'base';
  name: string;
  description: string | null;
  status: 'draft' | 'scheduled' | 'active' | 'paused' | 'ended';
  draft: JSONColumnType<Record<string, unknown>, string, string>;
  current_version: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface CampaignVersionsTable {
  id: string;
  campaign_id: string;
  version: number;
  document: JSONColumnType<Record<string, unknown>, string, never>;
  published_at: Date;
  published_by: string | null;
}

export interface CampaignStatusChangesTable {
  id: Generated<number>;
  campaign_id: string;
  status: string;
  changed_at: Date;
  actor: string | null;
}

export interface RuleUsageTable {
  program_id: string;
  key: string;
  count: Generated<number>;
  points: Generated<number>;
}

export interface TriggerFiringsTable {
  program_id: string;
  campaign_id: string;
  rule_key: string;
  member_id: string;
  period: string;
  fired_at: Generated<Date>;
}

export interface EventTypesTable {
  id: string;
  tenant_id: string;
  program_id: string;
  type: string;
  name: string;
  description: string | null;
  schema: JSONColumnType<Record<string, unknown>, string, string>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EventsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  member_id: string;
  type: string;
  external_id: string;
  request_hash: string;
  occurred_at: Date;
  properties: JSONColumnType<Record<string, unknown>, string, never>;
  points_awarded: Generated<number>;
  journal_id: string | null;
  effects: JSONColumnType<unknown[], string | undefined, string>;
  created_at: Generated<Date>;
}

export interface CouponsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  member_id: string | null;
  code: string;
  name: string;
  discount_type: 'percent' | 'amount';
  discount_value: number;
  min_spend: Generated<number>;
  valid_from: Date;
  valid_until: Date;
  status: 'issued' | 'redeemed' | 'void';
  source: string;
  created_at: Generated<Date>;
  series_id: string | null;
  max_redemptions: ColumnType<number | null, number | null | undefined, number | null>;
  max_per_member: ColumnType<number | null, number | null | undefined, number | null>;
  skus: ColumnType<string[], string[] | undefined, string[]>;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  redemptions: Generated<number>;
}

export interface OutboxTable {
  id: Generated<number>;
  tenant_id: string;
  program_id: string | null;
  type: string;
  payload: JSONColumnType<Record<string, unknown>, string, never>;
  created_at: Generated<Date>;
  delivered_at: Date | null;
}

export interface WebhookEndpointsTable {
  id: string;
  tenant_id: string;
  url: string;
  description: string | null;
  secret: string;
  event_types: ColumnType<string[], string[] | undefined, string[]>;
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpoint_id: string;
  outbox_id: number;
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  next_attempt_at: Date;
  response_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Generated<Date>;
}

export interface CouponSeriesTable {
  id: string;
  tenant_id: string;
  program_id: string;
  member_id: string | null;
  name: string;
  discount_type: 'percent' | 'amount';
  discount_value: number;
  min_spend: number;
  valid_from: Date;
  valid_until: Date;
  max_redemptions: number | null;
  max_per_member: number | null;
  skus: ColumnType<string[], string[] | undefined, string[]>;
  categories: ColumnType<string[], string[] | undefined, string[]>;
  generate_total: Generated<number>;
  generated: Generated<number>;
  imported: Generated<number>;
  created_at: Generated<Date>;
}

export interface CouponReservationsTable {
  id: string;
  tenant_id: string;
  coupon_id: string;
  member_id: string | null;
  checkout_id: string;
  status: 'active' | 'released' | 'expired' | 'redeemed';
  expires_at: Date;
  created_at: Generated<Date>;
  closed_at: Date | null;
}

export interface CouponRedemptionsTable {
  id: string;
  tenant_id: string;
  coupon_id: string;
  member_id: string | null;
  order_id: string;
  reservation_id: string | null;
  discount: number;
  lines: JSONColumnType<
    { index: number; sku: string; eligibleAmount: number; discount: number }[],
    string,
    never
  >;
  status: 'redeemed' | 'reversed';
  created_at: Generated<Date>;
  reversed_at: Date | null;
}

export interface TierSetsTable {
  program_id: string;
  tenant_id: string;
  version: number;
  document: JSONColumnType<Record<string, unknown>, string, string>;
  benefits_campaign_id: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface MemberTiersTable {
  member_id: string;
  tenant_id: string;
  program_id: string;
  tier_code: string;
  since: Timestamp | null;
  review_at: Timestamp | null;
  grace_until: Timestamp | null;
  manual: Generated<boolean>;
  updated_at: Timestamp;
}

export interface TierHistoryTable {
  id: string;
  tenant_id: string;
  program_id: string;
  member_id: string;
  from_tier: string | null;
  to_tier: string;
  reason: string;
  actor: string | null;
  at: Timestamp;
  details: JSONColumnType<Record<string, unknown>, string | undefined, string>;
}

export interface TierActivityTable {
  id: Generated<string>;
  program_id: string;
  member_id: string;
  reference: string;
  occurred_at: Timestamp;
  spend: ColumnType<string, number, number>;
  points: ColumnType<string, number, number>;
  purchases: number;
  created_at: Generated<Date>;
}

export interface TierRecomputesTable {
  id: string;
  tenant_id: string;
  program_id: string;
  tier_set_version: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: Generated<number>;
  processed: Generated<number>;
  changed: Generated<number>;
  last_member_id: string | null;
  error: string | null;
  created_at: Generated<Date>;
  finished_at: Timestamp | null;
}

export interface PartnersTable {
  id: string;
  tenant_id: string;
  program_id: string;
  code: string;
  name: string;
  status: 'active' | 'suspended';
  earn_points: number;
  earn_per_minor: number;
  earn_rounding: 'floor' | 'round' | 'ceil';
  issue_value_minor: number;
  issue_value_points: number;
  redeem_value_minor: number;
  redeem_value_points: number;
  campaign_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MembershipPlansTable {
  id: string;
  tenant_id: string;
  program_id: string;
  code: string;
  name: string;
  price_minor: ColumnType<string | number, number, number>;
  currency: string;
  period: 'month' | 'year' | 'lifetime';
  trial_days: number;
  benefits: JSONColumnType<Record<string, unknown>, string, string>;
  annual_reward: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  active: boolean;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MembershipsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  member_id: string;
  plan_id: string;
  status: 'trialing' | 'active' | 'cancelled' | 'expired';
  started_at: Timestamp;
  trial_ends_at: Timestamp | null;
  current_period_start: Timestamp;
  current_period_end: Timestamp | null;
  cancel_at_period_end: Generated<boolean>;
  cancelled_at: Timestamp | null;
  ended_at: Timestamp | null;
  granted_tier: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MembershipHistoryTable {
  id: string;
  membership_id: string;
  member_id: string;
  event: string;
  from_status: string | null;
  to_status: string;
  period_end: Timestamp | null;
  actor: string | null;
  at: Timestamp;
  details: JSONColumnType<Record<string, unknown>, string, string>;
}

export interface MembershipPaymentsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  membership_id: string;
  external_id: string;
  amount_minor: ColumnType<string | number, number, number>;
  currency: string;
  paid_at: Timestamp;
  period_start: Timestamp | null;
  period_end: Timestamp | null;
  created_at: Generated<Date>;
}

export interface MembershipRewardsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  membership_id: string;
  member_id: string;
  year: number;
  eligible_minor: ColumnType<string | number, number, number>;
  percent: ColumnType<string | number, number, number>;
  amount_minor: ColumnType<string | number, number, number>;
  wallet: string;
  journal_id: string | null;
  created_at: Generated<Date>;
}

export interface MembershipSettingsTable {
  program_id: string;
  tenant_id: string;
  benefits_campaign_id: string | null;
}

export interface RewardsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  code: string;
  name: string;
  description: string | null;
  type: string;
  status: 'active' | 'inactive';
  cost: number;
  wallet: string;
  prices: JSONColumnType<{ tier?: string; segment?: string; cost: number }[], string, string>;
  value: JSONColumnType<Record<string, unknown>, string, string>;
  stock_total: number | null;
  stock_used: Generated<number>;
  member_limit: JSONColumnType<{ count: number; period: string } | null, string | null, string | null>;
  period_limit: JSONColumnType<{ count: number; period: string } | null, string | null, string | null>;
  valid_from: Timestamp | null;
  valid_until: Timestamp | null;
  eligibility: JSONColumnType<Record<string, unknown>, string, string>;
  /** Automatic conversion settings, null for rewards members redeem themselves (0013_reward_auto_redeem). */
  auto_redeem: JSONColumnType<{ months?: number[]; maxPerRun?: number } | null, string | null, string | null>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface RewardRedemptionsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  reward_id: string;
  member_id: string;
  reference: string;
  status: 'issued' | 'cancelled';
  cost: number;
  wallet: string;
  debit_journal_id: string;
  restore_journal_id: string | null;
  coupon_id: string | null;
  credit_journal_id: string | null;
  credit_wallet: string | null;
  credit_amount: ColumnType<number | null, number | null, number | null>;
  /** Who redeemed: `api-key:<id>` or `auto` (0013_reward_auto_redeem; older rows copied from the debit). */
  actor: string | null;
  created_at: Timestamp;
  cancelled_at: Timestamp | null;
}

/** A finished automatic-conversion run of a reward, keyed by its local month (0013_reward_auto_redeem). */
export interface RewardAutoRunsTable {
  reward_id: string;
  run_key: string;
  tenant_id: string;
  program_id: string;
  members: number;
  redeemed: number;
  finished_at: Timestamp;
}

export interface RewardFulfilmentsTable {
  id: string;
  tenant_id: string;
  redemption_id: string;
  kind: 'physical' | 'experience' | 'charity';
  status: 'ordered' | 'shipped' | 'delivered' | 'cancelled';
  details: JSONColumnType<Record<string, unknown>, string, string>;
  history: JSONColumnType<
    { status: string; at: string; actor: string; note: string | null }[],
    string,
    string
  >;
  updated_at: Timestamp;
}

/** Derived analytics per member, rebuilt by each refresh (0015_member_metrics). */
export interface MemberMetricsTable {
  member_id: string;
  tenant_id: string;
  program_id: string;
  first_purchase_at: Timestamp | null;
  last_purchase_at: Timestamp | null;
  last_activity_at: Timestamp | null;
  purchases: number;
  purchase_days: number;
  monetary: number;
  aov: number;
  points_earned: number;
  points_spent: number;
  points_expired: number;
  redemptions: number;
  events: number;
  engagement_score: number;
  categories: JSONColumnType<{ category: string; share: number }[], string, string>;
  category_count: number;
  preferred_channel: string | null;
  preferred_store: string | null;
  rfm_r: number | null;
  rfm_f: number | null;
  rfm_m: number | null;
  rfm_segment: string;
  p_alive: number | null;
  expected_purchases_90d: number | null;
  clv: number | null;
  churn_risk: number | null;
  nps: number | null;
  avg_rating: number | null;
  referrals: number;
  loyalty_type: string | null;
  computed_at: Timestamp;
}

/** The program's last model fit and CLV settings (0015_member_metrics). */
export interface ProgramModelsTable {
  program_id: string;
  tenant_id: string;
  discount_rate: Generated<number>;
  margin: Generated<number>;
  clv_months: Generated<number>;
  fit: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  fitted_at: Timestamp | null;
  refreshed_at: Timestamp | null;
  /** Churn and CLV distribution at the last refresh (0022_model_totals). */
  model_totals: JSONColumnType<StoredModelTotals | null, string | null, string | null>;
  updated_at: Generated<Date>;
}

export interface StoredModelTotals {
  scored: number;
  churned: number;
  clv: { from: number; to: number | null; members: number }[];
}

/** Member segments and their membership (0016_segments). */
export interface SegmentsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  code: string;
  name: string;
  description: string | null;
  kind: 'dynamic' | 'static';
  condition: JSONColumnType<Record<string, unknown> | null, string | null, string | null>;
  size: Generated<number>;
  computed_at: Timestamp | null;
  created_at: Generated<Date>;
  updated_at: Timestamp;
}

export interface SegmentMembersTable {
  segment_id: string;
  member_id: string;
  since: Timestamp;
}

export interface SegmentSizesTable {
  segment_id: string;
  day: ColumnType<string, string, string>;
  size: number;
}

export interface SegmentChangesTable {
  id: Generated<number>;
  tenant_id: string;
  program_id: string;
  segment_code: string;
  member_id: string;
  change: 'entered' | 'left';
  at: Timestamp;
}

export interface SegmentSweepsTable {
  program_id: string;
  tenant_id: string;
  members_seen_until: Timestamp;
}

/** Per member, which months (bit i = month i since January 2000, local) had purchases and activity (0018). */
export interface KpiMemberMonthsTable {
  program_id: string;
  member_id: string;
  purchase_months: string;
  multi_months: string;
  active_months: string;
}

/** Per program and local month: the KPI dashboard's figures (0018_kpi_rollups). */
export interface KpiMonthsTable {
  program_id: string;
  month: number;
  purchases: number;
  member_purchases: number;
  revenue: number;
  member_revenue: number;
  buyers: number;
  repeat_buyers: number;
  active_members: number;
  new_members: number;
  points_earned: number;
  points_redeemed: number;
  points_expired: number;
}

export interface KpiRollupsTable {
  program_id: string;
  built_at: Timestamp;
  seconds: number;
}

/** Offers members activated (0019_offer_activations). */
export interface OfferActivationsTable {
  campaign_id: string;
  member_id: string;
  tenant_id: string;
  program_id: string;
  channel: string | null;
  activated_at: Generated<Date>;
}

/** Console users of a tenant (0020_admin_users); email is stored lowercased. */
export interface AdminUsersTable {
  id: string;
  tenant_id: string;
  email: string;
  name: string;
  role: 'owner' | 'marketer' | 'support' | 'analyst';
  password_hash: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  last_sign_in_at: Date | null;
  disabled_at: Date | null;
  failed_attempts: Generated<number>;
  locked_until: Date | null;
}

/** Console sign-in sessions (0020_admin_users); only the SHA-256 of the secret is stored. */
export interface AdminSessionsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  secret_hash: string;
  created_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
  last_seen_at: Date | null;
}

/** One-time sign-in codes of the member portal (0021_member_portal); only a salted SHA-256 of the code. */
export interface PortalCodesTable {
  id: string;
  tenant_id: string;
  program_id: string;
  email: string;
  salt: string;
  code_hash: string;
  attempts: Generated<number>;
  created_at: Generated<Date>;
  expires_at: Date;
  consumed_at: Date | null;
  invalidated_at: Date | null;
}

/** Member portal sessions (0021_member_portal); only the SHA-256 of the `tms_` secret is stored. */
export interface MemberSessionsTable {
  id: string;
  tenant_id: string;
  program_id: string;
  member_id: string;
  secret_hash: string;
  created_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
  last_seen_at: Date | null;
}

/** Each member's referral code, unique in the program (0021_member_portal). */
export interface PortalReferralCodesTable {
  member_id: string;
  tenant_id: string;
  program_id: string;
  code: string;
  created_at: Generated<Date>;
}

/** Who referred whom (0021_member_portal). */
export interface PortalReferralsTable {
  referred_member_id: string;
  referrer_member_id: string;
  tenant_id: string;
  program_id: string;
  code: string;
  created_at: Generated<Date>;
}

export interface Database {
  tenants: TenantsTable;
  programs: ProgramsTable;
  api_keys: ApiKeysTable;
  members: MembersTable;
  member_identities: MemberIdentitiesTable;
  idempotency_keys: IdempotencyKeysTable;
  ledger_policies: LedgerPoliciesTable;
  ledger_wallet_types: LedgerWalletTypesTable;
  ledger_accounts: LedgerAccountsTable;
  ledger_journals: LedgerJournalsTable;
  ledger_lots: LedgerLotsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_lot_movements: LedgerLotMovementsTable;
  ledger_holds: LedgerHoldsTable;
  transactions: TransactionsTable;
  transaction_lines: TransactionLinesTable;
  transaction_returns: TransactionReturnsTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  campaigns: CampaignsTable;
  campaign_versions: CampaignVersionsTable;
  campaign_status_changes: CampaignStatusChangesTable;
  rule_usage: RuleUsageTable;
  trigger_firings: TriggerFiringsTable;
  event_types: EventTypesTable;
  events: EventsTable;
  coupons: CouponsTable;
  outbox: OutboxTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  coupon_series: CouponSeriesTable;
  coupon_reservations: CouponReservationsTable;
  coupon_redemptions: CouponRedemptionsTable;
  tier_sets: TierSetsTable;
  member_tiers: MemberTiersTable;
  tier_history: TierHistoryTable;
  tier_activity: TierActivityTable;
  tier_recomputes: TierRecomputesTable;
  partners: PartnersTable;
  membership_plans: MembershipPlansTable;
  memberships: MembershipsTable;
  membership_history: MembershipHistoryTable;
  membership_payments: MembershipPaymentsTable;
  membership_rewards: MembershipRewardsTable;
  membership_settings: MembershipSettingsTable;
  rewards: RewardsTable;
  reward_redemptions: RewardRedemptionsTable;
  reward_fulfilments: RewardFulfilmentsTable;
  reward_auto_runs: RewardAutoRunsTable;
  member_metrics: MemberMetricsTable;
  program_models: ProgramModelsTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  segment_sizes: SegmentSizesTable;
  segment_changes: SegmentChangesTable;
  segment_sweeps: SegmentSweepsTable;
  kpi_member_months: KpiMemberMonthsTable;
  kpi_months: KpiMonthsTable;
  kpi_rollups: KpiRollupsTable;
  offer_activations: OfferActivationsTable;
  portal_codes: PortalCodesTable;
  member_sessions: MemberSessionsTable;
  portal_referral_codes: PortalReferralCodesTable;
  portal_referrals: PortalReferralsTable;
  admin_users: AdminUsersTable;
  admin_sessions: AdminSessionsTable;
}
