import type {
  Audience,
  CampaignDocument,
  Effect,
  LeafRuleCondition,
  Rule,
  RuleCondition,
  Trigger,
} from '../api-types.js';
import { isoToLocal, localToIso, slugify, toInt, toNumber } from '../shared.js';

/**
 * The campaign builder edits a form model; the API stores a campaign document. Each rule keeps the document it came
 * from, so fields the form does not show (limits, groups, wallets, offers) survive a round trip through the form.
 */
let uidCounter = 0;
export const uid = (): string => `u${++uidCounter}`;

export interface ConditionRow {
  uid: string;
  negate: boolean;
  leaf: LeafRuleCondition;
}

export interface EffectRow {
  uid: string;
  effect: Effect;
}

export interface RuleForm {
  uid: string;
  base: Rule;
  key: string;
  keyEdited: boolean;
  name: string;
  trigger: Trigger;
  match: 'all' | 'any';
  /** undefined: the rule's condition tree is richer than the form; it is edited as JSON in `whenJson`. */
  conditions: ConditionRow[] | undefined;
  whenJson: string;
  effects: EffectRow[];
  priority: string;
  stop: boolean;
}

export interface CampaignForm {
  name: string;
  description: string;
  start: string;
  end: string;
  daysOfWeek: number[];
  timeFrom: string;
  timeTo: string;
  audience: Audience['type'];
  audienceTiers: string[];
  audienceSegments: string[];
  budgetTotal: string;
  holdoutPercent: string;
  rules: RuleForm[];
  /** The document the form started from: what the form does not show is taken from it. */
  base: Partial<CampaignDocument>;
}

/** Which fields each condition kind may carry for the form to show it faithfully. */
const FORM_FIELDS: Partial<Record<LeafRuleCondition['kind'], string[]>> = {
  activity: ['field', 'op', 'value'],
  items: ['match', 'quantifier'],
  channel: ['channels'],
  store: ['stores'],
  member_tier: ['tiers'],
  member_segment: ['segments', 'match'],
  member_tag: ['tags', 'match'],
  days_of_week: ['days'],
  time_of_day: ['from', 'to'],
  date_range: ['from', 'to'],
  member_counter: ['counter', 'op', 'value'],
  consent: ['purpose', 'granted'],
};
export const FORM_CONDITION_KINDS = Object.keys(FORM_FIELDS) as LeafRuleCondition['kind'][];

function formShowable(leaf: RuleCondition): leaf is LeafRuleCondition {
  const fields = FORM_FIELDS[leaf.kind as LeafRuleCondition['kind']];
  if (fields === undefined) return false;
  if (Object.keys(leaf).some((key) => key !== 'kind' && !fields.includes(key))) return false;
  if (leaf.kind === 'activity') {
    return (
      ['total', 'subtotal', 'itemCount', 'lineCount', 'discount'].includes(leaf.field) &&
      typeof leaf.value === 'number'
    );
  }
  if (leaf.kind === 'items')
    return Object.keys(leaf.match).every((key) => ['categories', 'brands', 'skus'].includes(key));
  return true;
}

function toRow(condition: RuleCondition): ConditionRow | undefined {
  if (condition.kind === 'not') {
    return formShowable(condition.condition)
      ? { uid: uid(), negate: true, leaf: condition.condition }
      : undefined;
  }
  return formShowable(condition) ? { uid: uid(), negate: false, leaf: condition } : undefined;
}

export function conditionsOf(when: RuleCondition | undefined): {
  match: 'all' | 'any';
  rows: ConditionRow[] | undefined;
} {
  if (when === undefined) return { match: 'all', rows: [] };
  if (when.kind === 'all' || when.kind === 'any') {
    const rows = when.conditions.map(toRow);
    return {
      match: when.kind,
      rows: rows.every((r) => r !== undefined) ? (rows as ConditionRow[]) : undefined,
    };
  }
  const row = toRow(when);
  return { match: 'all', rows: row ? [row] : undefined };
}

export function whenOf(match: 'all' | 'any', rows: ConditionRow[]): RuleCondition | undefined {
  const conditions: RuleCondition[] = rows.map((row) =>
    row.negate ? { kind: 'not', condition: row.leaf } : row.leaf,
  );
  if (conditions.length === 0) return undefined;
  if (conditions.length === 1) return conditions[0];
  return { kind: match, conditions };
}

export function ruleForm(rule: Rule): RuleForm {
  const { match, rows } = conditionsOf(rule.when);
  return {
    uid: uid(),
    base: rule,
    key: rule.key,
    keyEdited: true,
    name: rule.name,
    trigger: rule.trigger,
    match,
    conditions: rows,
    whenJson: rule.when === undefined ? '' : JSON.stringify(rule.when, null, 2),
    effects: rule.effects.map((effect) => ({ uid: uid(), effect })),
    priority: rule.priority === undefined ? '' : String(rule.priority),
    stop: rule.stop ?? false,
  };
}

export function newRule(index: number): RuleForm {
  return {
    ...ruleForm({
      key: `rule-${index + 1}`,
      name: '',
      trigger: { type: 'purchase' },
      effects: [{ kind: 'points_multiplier', factor: 2 }],
    }),
    keyEdited: false,
  };
}

export function campaignForm(doc: Partial<CampaignDocument>): CampaignForm {
  const recurrence = doc.schedule?.recurrence;
  const audience = doc.audience ?? { type: 'all' };
  return {
    name: doc.name ?? '',
    description: doc.description ?? '',
    start: isoToLocal(doc.schedule?.start),
    end: isoToLocal(doc.schedule?.end),
    daysOfWeek: recurrence?.daysOfWeek ?? [],
    timeFrom: recurrence?.from ?? '',
    timeTo: recurrence?.to ?? '',
    audience: audience.type,
    audienceTiers: audience.type === 'tiers' ? audience.tiers : [],
    audienceSegments: audience.type === 'segments' ? audience.segments : [],
    budgetTotal: doc.budget?.total === undefined ? '' : String(doc.budget.total),
    holdoutPercent: doc.holdout === undefined ? '' : String(doc.holdout.percent),
    rules: (doc.rules ?? []).map(ruleForm),
    base: doc,
  };
}

/** A rule key stays put once the user typed one; until then it follows the rule's name. */
export function autoKey(rule: RuleForm, index: number): string {
  return rule.keyEdited ? rule.key : slugify(rule.name, `rule-${index + 1}`);
}

export class FormProblem extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function ruleDocument(rule: RuleForm, index: number): Rule {
  const { when: _when, priority: _priority, stop: _stop, ...rest } = rule.base;
  let when: RuleCondition | undefined;
  if (rule.conditions !== undefined) {
    when = whenOf(rule.match, rule.conditions);
  } else if (rule.whenJson.trim() !== '') {
    try {
      when = JSON.parse(rule.whenJson) as RuleCondition;
    } catch {
      throw new FormProblem(`/rules/${index}/when`, 'invalid JSON');
    }
  }
  const priority = toInt(rule.priority);
  return {
    ...rest,
    key: autoKey(rule, index),
    name: rule.name.trim(),
    trigger: rule.trigger,
    ...(when !== undefined ? { when } : {}),
    effects: rule.effects.map((row) => row.effect),
    ...(priority !== undefined ? { priority } : {}),
    ...(rule.stop ? { stop: true } : {}),
  };
}

export function campaignDocument(form: CampaignForm): CampaignDocument {
  const {
    schedule: baseSchedule,
    audience: baseAudience,
    budget: baseBudget,
    holdout: _h,
    ...rest
  } = form.base;
  const recurrence = {
    ...(baseSchedule?.recurrence ?? {}),
    daysOfWeek: form.daysOfWeek.length > 0 ? [...form.daysOfWeek].sort() : undefined,
    from: form.timeFrom || undefined,
    to: form.timeTo || undefined,
  };
  const hasRecurrence = Object.values(recurrence).some((v) => v !== undefined);
  const start = localToIso(form.start);
  const end = localToIso(form.end);
  const schedule =
    start || end || hasRecurrence
      ? {
          ...(start ? { start } : {}),
          ...(end ? { end } : {}),
          ...(hasRecurrence ? { recurrence: JSON.parse(JSON.stringify(recurrence)) } : {}),
        }
      : undefined;
  const audience: Audience =
    form.audience === 'tiers'
      ? { type: 'tiers', tiers: form.audienceTiers }
      : form.audience === 'segments'
        ? { type: 'segments', segments: form.audienceSegments }
        : { type: 'all' };
  const total = toInt(form.budgetTotal);
  const budget = baseBudget?.perPeriod || total !== undefined ? { ...baseBudget, total } : undefined;
  const holdout = toNumber(form.holdoutPercent);
  return {
    ...rest,
    name: form.name.trim(),
    ...(form.description.trim() !== ''
      ? { description: form.description.trim() }
      : { description: undefined }),
    ...(schedule ? { schedule } : {}),
    // "All members" is also what no audience means; only a document that named it keeps naming it.
    ...(audience.type !== 'all' || baseAudience !== undefined ? { audience } : {}),
    ...(budget ? { budget: JSON.parse(JSON.stringify(budget)) } : {}),
    ...(holdout !== undefined && holdout > 0 ? { holdout: { percent: holdout } } : {}),
    rules: form.rules.map(ruleDocument),
  };
}
