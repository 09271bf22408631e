import type { Db } from '../../db/database.js';
import type { AttributeField } from '../../db/schema.js';
import { type FieldError, validationFailed } from '../../http/problem.js';
import { listWalletTypes } from '../ledger/wallet-types.repository.js';
import type { Condition } from '../rules/rule.schemas.js';
import type { Program } from '../tenants/programs.repository.js';
import type { CampaignDocument } from './campaigns.schemas.js';

/** What a document may refer to in its program: wallets, member attributes, registered event types. */
export interface ProgramVocabulary {
  pointWallets: Set<string>;
  /** Money wallets (unit currency), which cashback effects credit. */
  moneyWallets: Set<string>;
  attributes: Map<string, AttributeField>;
  eventTypes: Set<string>;
}

export async function programVocabulary(
  db: Db,
  program: Program,
  eventTypes: string[],
): Promise<ProgramVocabulary> {
  const wallets = await listWalletTypes(db, program.id);
  return {
    pointWallets: new Set(['points', ...wallets.filter((w) => w.unit === 'points').map((w) => w.code)]),
    moneyWallets: new Set(wallets.filter((w) => w.unit === 'currency').map((w) => w.code)),
    attributes: new Map(program.attributeSchema.map((f) => [f.key, f])),
    eventTypes: new Set(eventTypes),
  };
}

function valueFits(field: AttributeField, value: unknown): boolean {
  switch (field.type) {
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    default:
      return typeof value === 'string';
  }
}

function checkCondition(c: Condition, path: string, vocab: ProgramVocabulary, errors: FieldError[]) {
  const err = (field: string, code: string, message: string) =>
    errors.push({ field, in: 'body', code, message });
  switch (c.kind) {
    case 'all':
    case 'any':
      c.conditions.forEach((x, i) => {
        checkCondition(x, `${path}/conditions/${i}`, vocab, errors);
      });
      return;
    case 'not':
      checkCondition(c.condition, `${path}/condition`, vocab, errors);
      return;
    case 'member_attribute':
      if (!vocab.attributes.has(c.key))
        err(
          `${path}/key`,
          'unknown_attribute',
          `attribute ${c.key} is not in the program's attribute schema`,
        );
      break;
    case 'date_range':
      if (c.from && c.to && c.from > c.to) err(`${path}/to`, 'range', 'is before from');
      break;
    case 'time_of_day':
      if (c.from === c.to) err(`${path}/to`, 'range', 'equals from: the window would be empty');
      break;
    default:
      break;
  }
  if ('op' in c && ['in', 'not_in'].includes(c.op) && 'value' in c && !Array.isArray(c.value)) {
    err(`${path}/value`, 'type', `must be a list for ${c.op}`);
  }
  if ('op' in c && !['exists', 'not_exists'].includes(c.op) && 'value' in c && c.value === undefined) {
    err(`${path}/value`, 'required', `is required for ${c.op}`);
  }
}

/**
 * Checks what the schema cannot: rule keys unique, wallets declared, attributes known and typed, event types
 * registered, time ranges ordered. All problems are reported at once, each with its JSON pointer.
 */
export function checkCampaignDocument(doc: CampaignDocument, vocab: ProgramVocabulary, prefix = ''): void {
  const errors: FieldError[] = [];
  const err = (field: string, code: string, message: string) =>
    errors.push({ field: `${prefix}${field}`, in: 'body', code, message });
  if (doc.schedule?.start && doc.schedule.end && doc.schedule.start >= doc.schedule.end) {
    err('/schedule/end', 'range', 'must be after start');
  }
  const keys = new Set<string>();
  doc.rules.forEach((rule, i) => {
    const at = `/rules/${i}`;
    if (keys.has(rule.key)) err(`${at}/key`, 'duplicate', `rule key ${rule.key} is used twice`);
    keys.add(rule.key);
    if (rule.trigger.type === 'event' && !vocab.eventTypes.has(rule.trigger.eventType)) {
      err(
        `${at}/trigger/eventType`,
        'unknown_event_type',
        `event type ${rule.trigger.eventType} is not registered`,
      );
    }
    if (rule.when) checkCondition(rule.when, `${prefix}${at}/when`, vocab, errors);
    rule.effects.forEach((e, j) => {
      const ep = `${at}/effects/${j}`;
      if (e.kind === 'cashback_percent') {
        if (!vocab.moneyWallets.has(e.wallet))
          err(`${ep}/wallet`, 'unknown_wallet', `wallet ${e.wallet} is not a declared money wallet`);
        const bp = e.percent * 100;
        if (Math.abs(bp - Math.round(bp)) > 1e-6)
          err(`${ep}/percent`, 'precision', 'at most 2 decimal places (whole basis points)');
      } else if ('wallet' in e && e.wallet !== undefined && !vocab.pointWallets.has(e.wallet)) {
        err(`${ep}/wallet`, 'unknown_wallet', `wallet ${e.wallet} is not a declared points wallet`);
      }
      if (e.kind === 'set_attribute') {
        const field = vocab.attributes.get(e.key);
        if (field === undefined)
          err(
            `${ep}/key`,
            'unknown_attribute',
            `attribute ${e.key} is not in the program's attribute schema`,
          );
        else if (!valueFits(field, e.value))
          err(`${ep}/value`, 'type', `must be a ${field.type} for attribute ${e.key}`);
      }
      if (e.kind === 'issue_coupon' && e.discount.type === 'percent' && e.discount.value > 100) {
        err(`${ep}/discount/value`, 'range', 'a percent discount is at most 100');
      }
    });
    rule.limits?.forEach((l, j) => {
      if (l.maxCount === undefined && l.maxPoints === undefined) {
        err(`${at}/limits/${j}`, 'required', 'give maxCount, maxPoints or both');
      }
    });
  });
  if (errors.length > 0) {
    const first = errors[0];
    throw validationFailed(`${first?.field} ${first?.message}`, errors);
  }
}
