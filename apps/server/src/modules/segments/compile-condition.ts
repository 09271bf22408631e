import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { Program } from '../tenants/programs.repository.js';
import { tierDefinitions } from '../tiers/definitions.js';
import type { MetricName, ProfileField, SegmentCondition, SegmentLeaf } from './segment-condition.schemas.js';

/**
 * Compiles a segment condition to one SQL predicate over `members m LEFT JOIN member_metrics mm` (see memberQuery),
 * with EXISTS subqueries for tiers and categories. Every value is a bound parameter; only column names and
 * operators from the fixed maps below are written into the text. Each leaf is made two-valued (coalesce … false) so
 * that `not` is the exact complement: a member with no value for a field is in `not X` whenever it is not in `X`.
 */
type Bool = RawBuilder<unknown>;

export interface CompileContext {
  programId: string;
  /** Recency, tenure and category windows are counted to this instant. */
  now: Date;
  /** The program's entry tier, which a member without a tier row is in (as the rules see it); null: no tiers. */
  entryTier: string | null;
}

/** What compiling needs to know about the program besides the condition. */
export async function compileContext(db: Db, program: Program, now: Date): Promise<CompileContext> {
  const tiers = await tierDefinitions(db, program.id);
  return { programId: program.id, now, entryTier: tiers?.entry.code ?? null };
}

const PROFILE_COLUMNS: Record<ProfileField, string> = {
  firstName: 'm.first_name',
  lastName: 'm.last_name',
  email: 'm.email',
  phone: 'm.phone',
  birthDate: 'm.birth_date',
  locale: 'm.locale',
  enrollmentChannel: 'm.enrollment_channel',
};

const NUM_OPS = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

const daysSince = (now: Date, column: string) =>
  sql`floor(extract(epoch FROM ${now}::timestamptz - ${sql.ref(column)}) / 86400)`;

/** Counters read 0 for a member without a metrics row yet; model outputs and recency stay unknown (NULL). */
function metricExpression(metric: MetricName, now: Date): RawBuilder<unknown> {
  const counter = (column: string) => sql`coalesce(${sql.ref(column)}, 0)`;
  switch (metric) {
    case 'recencyDays':
      return daysSince(now, 'mm.last_purchase_at');
    case 'lastActivityDays':
      return daysSince(now, 'mm.last_activity_at');
    case 'tenureDays':
      return daysSince(now, 'm.created_at');
    case 'frequency':
      return counter('mm.purchases');
    case 'monetary':
      return counter('mm.monetary');
    case 'averageOrderValue':
      return counter('mm.aov');
    case 'engagementScore':
      return counter('mm.engagement_score');
    case 'pointsEarned':
      return counter('mm.points_earned');
    case 'redemptions':
      return counter('mm.redemptions');
    case 'categoryCount':
      return counter('mm.category_count');
    case 'clv':
      return sql.ref('mm.clv');
    case 'churnRisk':
      return sql.ref('mm.churn_risk');
    case 'pAlive':
      return sql.ref('mm.p_alive');
  }
}

function profile(c: Extract<SegmentLeaf, { kind: 'profile' }>): Bool {
  const column = sql`${sql.ref(PROFILE_COLUMNS[c.field])}::text`;
  const list = Array.isArray(c.value) ? c.value : [c.value ?? ''];
  switch (c.op) {
    case 'exists':
      return sql`${column} IS NOT NULL`;
    case 'not_exists':
      return sql`${column} IS NULL`;
    case 'eq':
      return sql`${column} = ${String(c.value)}`;
    case 'ne':
      return sql`${column} IS DISTINCT FROM ${String(c.value)}`;
    case 'in':
      return sql`${column} = ANY(${list}::text[])`;
    case 'not_in':
      return sql`NOT coalesce(${column} = ANY(${list}::text[]), false)`;
  }
}

/** Attributes compare by JSON type, like the rule evaluator: 5 and "5" are different values. */
function attribute(c: Extract<SegmentLeaf, { kind: 'attribute' }>): Bool {
  const a = sql`(m.attributes -> ${c.key}::text)`;
  const text = sql`(${a} #>> '{}')`;
  const json = JSON.stringify(c.value ?? null);
  switch (c.op) {
    case 'exists':
      return sql`coalesce(jsonb_typeof(${a}), 'null') <> 'null'`;
    case 'not_exists':
      return sql`coalesce(jsonb_typeof(${a}), 'null') = 'null'`;
    case 'eq':
      return sql`${a} = ${json}::jsonb`;
    case 'ne':
      return sql`${a} IS DISTINCT FROM ${json}::jsonb`;
    case 'in':
      return sql`${json}::jsonb @> jsonb_build_array(${a})`;
    case 'not_in':
      return sql`NOT (${json}::jsonb @> jsonb_build_array(${a}))`;
    case 'contains':
      return sql`CASE WHEN jsonb_typeof(${a}) = 'string' THEN strpos(${text}, ${String(c.value)}) > 0 ELSE false END`;
    default: {
      const op = sql.raw(NUM_OPS[c.op]);
      // CASE fixes the evaluation order: the cast runs only on values of the right JSON type.
      return typeof c.value === 'number'
        ? sql`CASE WHEN jsonb_typeof(${a}) = 'number' THEN ${text}::numeric ${op} ${c.value}::numeric ELSE false END`
        : sql`CASE WHEN jsonb_typeof(${a}) = 'string' THEN ${text} COLLATE "C" ${op} ${String(c.value)}::text ELSE false END`;
    }
  }
}

function category(c: Extract<SegmentLeaf, { kind: 'category' }>, ctx: CompileContext): Bool {
  const window =
    c.withinDays === undefined
      ? sql``
      : sql`AND t.occurred_at > ${ctx.now}::timestamptz - make_interval(days => ${c.withinDays}::int)`;
  // A line counts while some of its quantity is not returned.
  const bought = sql`EXISTS (SELECT 1 FROM transactions t JOIN transaction_lines l ON l.transaction_id = t.id
    WHERE t.member_id = m.id AND t.program_id = ${ctx.programId}::uuid AND t.occurred_at <= ${ctx.now}::timestamptz
      ${window} AND l.category = ANY(${c.categories}::text[]) AND l.quantity > l.returned_quantity)`;
  return c.bought ? bought : sql`NOT ${bought}`;
}

function rfm(c: Extract<SegmentLeaf, { kind: 'rfm' }>): Bool {
  const parts: RawBuilder<unknown>[] = [];
  if (c.segments) parts.push(sql`mm.rfm_segment = ANY(${c.segments}::text[])`);
  for (const score of ['r', 'f', 'm'] as const) {
    const range = c[score];
    const column = sql.ref(`mm.rfm_${score}`);
    if (range?.min !== undefined) parts.push(sql`${column} >= ${range.min}::int`);
    if (range?.max !== undefined) parts.push(sql`${column} <= ${range.max}::int`);
  }
  return sql`(${sql.join(parts, sql` AND `)})`;
}

function leafPredicate(c: SegmentLeaf, ctx: CompileContext): Bool {
  switch (c.kind) {
    case 'profile':
      return profile(c);
    case 'attribute':
      return attribute(c);
    case 'consent': {
      const granted = sql`(m.consents -> ${c.purpose}::text -> 'granted') = 'true'::jsonb`;
      return c.granted ? granted : sql`NOT coalesce(${granted}, false)`;
    }
    case 'tag': {
      if (c.match === 'all') return sql`m.tags @> ${c.tags}::text[]`;
      const any = sql`m.tags && ${c.tags}::text[]`;
      return c.match === 'any' ? any : sql`NOT ${any}`;
    }
    case 'tier': {
      const inListed = sql`EXISTS (SELECT 1 FROM member_tiers mt
        WHERE mt.member_id = m.id AND mt.tier_code = ANY(${c.tiers}::text[]))`;
      if (ctx.entryTier === null || !c.tiers.includes(ctx.entryTier)) return inListed;
      return sql`(${inListed} OR NOT EXISTS (SELECT 1 FROM member_tiers mt WHERE mt.member_id = m.id))`;
    }
    case 'metric':
      return sql`${metricExpression(c.metric, ctx.now)} ${sql.raw(NUM_OPS[c.op])} ${c.value}::numeric`;
    case 'rfm':
      return rfm(c);
    case 'loyalty_type':
      return sql`mm.loyalty_type = ANY(${c.types}::text[])`;
    case 'category':
      return category(c, ctx);
  }
}

export function compileCondition(c: SegmentCondition, ctx: CompileContext): Bool {
  switch (c.kind) {
    case 'all':
      return sql`(${sql.join(
        c.conditions.map((x) => compileCondition(x, ctx)),
        sql` AND `,
      )})`;
    case 'any':
      return sql`(${sql.join(
        c.conditions.map((x) => compileCondition(x, ctx)),
        sql` OR `,
      )})`;
    case 'not':
      return sql`(NOT ${compileCondition(c.condition, ctx)})`;
    default:
      return sql`coalesce(${leafPredicate(c, ctx)}, false)`;
  }
}

/**
 * The ids of the program's active members who meet the condition, optionally narrowed by `scope` (a predicate on
 * `m`). One statement: the planner joins the metrics once and runs the EXISTS leaves as semi-joins.
 */
export function memberQuery(
  condition: SegmentCondition,
  ctx: CompileContext,
  scope: RawBuilder<unknown> | null = null,
): RawBuilder<{ id: string }> {
  return sql<{ id: string }>`SELECT m.id FROM members m LEFT JOIN member_metrics mm ON mm.member_id = m.id
    WHERE m.program_id = ${ctx.programId}::uuid AND m.status = 'active' AND m.merged_into IS NULL
      ${scope === null ? sql`` : sql`AND ${scope}`} AND ${compileCondition(condition, ctx)}`;
}
