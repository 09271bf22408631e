import type { LeafSegmentCondition, SegmentCondition } from '../api-types.js';

/**
 * The segment builder edits a flat list of conditions joined by all/any, each optionally negated. A condition tree
 * nested deeper than that is edited as JSON instead, so nothing the form cannot show is ever lost.
 */
let counter = 0;
const uid = (): string => `s${++counter}`;

export interface SegmentRow {
  uid: string;
  negate: boolean;
  leaf: LeafSegmentCondition;
}

export const SEGMENT_KINDS = [
  'profile',
  'consent',
  'tier',
  'metric',
  'rfm',
  'clv',
  'churn',
  'loyalty_type',
  'category',
  'tag',
  'attribute',
] as const;
/** Form kinds: CLV and churn risk are metric conditions, offered on their own because marketers look for them. */
export type FormKind = (typeof SEGMENT_KINDS)[number];

export const PROFILE_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'birthDate',
  'locale',
  'enrollmentChannel',
] as const;
export const METRICS = [
  'recencyDays',
  'frequency',
  'monetary',
  'averageOrderValue',
  'tenureDays',
  'engagementScore',
  'lastActivityDays',
  'clv',
  'churnRisk',
  'pAlive',
  'pointsEarned',
  'redemptions',
  'categoryCount',
] as const;
export const MONEY_METRICS = ['monetary', 'averageOrderValue', 'clv'];
export const RATIO_METRICS = ['churnRisk', 'pAlive'];
export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'new_customers',
  'potential_loyalists',
  'cannot_lose_them',
  'at_risk',
  'need_attention',
  'about_to_sleep',
  'hibernating',
  'lost',
  'no_purchases',
] as const;
export const LOYALTY_TYPES = ['devoted', 'captive', 'satisfied', 'convenience'] as const;
export const CONSENTS = ['marketingEmail', 'sms', 'push', 'profiling'] as const;

export function formKindOf(leaf: LeafSegmentCondition): FormKind {
  if (leaf.kind === 'metric' && leaf.metric === 'clv') return 'clv';
  if (leaf.kind === 'metric' && leaf.metric === 'churnRisk') return 'churn';
  return leaf.kind;
}

export function newLeaf(kind: FormKind): LeafSegmentCondition {
  switch (kind) {
    case 'profile':
      return { kind, field: 'email', op: 'exists' };
    case 'consent':
      return { kind, purpose: 'marketingEmail', granted: true };
    case 'tier':
      return { kind, tiers: [] };
    case 'metric':
      return { kind, metric: 'frequency', op: 'gte', value: 3 };
    case 'clv':
      return { kind: 'metric', metric: 'clv', op: 'gte', value: 10_000 };
    case 'churn':
      return { kind: 'metric', metric: 'churnRisk', op: 'gte', value: 0.5 };
    case 'rfm':
      return { kind, segments: ['champions'] };
    case 'loyalty_type':
      return { kind, types: ['devoted'] };
    case 'category':
      return { kind, categories: [], bought: true };
    case 'tag':
      return { kind, tags: [], match: 'any' };
    default:
      return { kind: 'attribute', key: '', op: 'exists' };
  }
}

function toRow(c: SegmentCondition): SegmentRow | undefined {
  if (c.kind === 'all' || c.kind === 'any') return undefined;
  if (c.kind === 'not') {
    const inner = c.condition;
    if (inner.kind === 'all' || inner.kind === 'any' || inner.kind === 'not') return undefined;
    return { uid: uid(), negate: true, leaf: inner };
  }
  return { uid: uid(), negate: false, leaf: c };
}

export function rowsOf(condition: SegmentCondition | null | undefined): {
  match: 'all' | 'any';
  rows: SegmentRow[] | undefined;
} {
  if (condition === null || condition === undefined) return { match: 'all', rows: [] };
  if (condition.kind === 'all' || condition.kind === 'any') {
    const rows = condition.conditions.map(toRow);
    return {
      match: condition.kind,
      rows: rows.every((r) => r !== undefined) ? (rows as SegmentRow[]) : undefined,
    };
  }
  const row = toRow(condition);
  return { match: 'all', rows: row ? [row] : undefined };
}

export function conditionOf(match: 'all' | 'any', rows: SegmentRow[]): SegmentCondition | undefined {
  const conditions: SegmentCondition[] = rows.map((r) =>
    r.negate ? { kind: 'not', condition: r.leaf } : r.leaf,
  );
  if (conditions.length === 0) return undefined;
  if (conditions.length === 1) return conditions[0];
  return { kind: match, conditions };
}

export function newRow(kind: FormKind = 'rfm'): SegmentRow {
  return { uid: uid(), negate: false, leaf: newLeaf(kind) };
}
