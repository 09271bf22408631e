import type { Db } from '../../db/database.js';
import type { EffectDto } from '../campaigns/campaigns.schemas.js';
import { issueCoupon } from '../coupons/coupons.repository.js';
import { type CreditPart, creditParts, type PartsJournal } from '../ledger/credit-parts.js';
import { availableAt } from '../ledger/policy.js';
import { type LedgerScope, MAIN_WALLET } from '../ledger/scope.js';
import { findWalletType } from '../ledger/wallet-types.repository.js';
import { addMemberTag, setMemberAttribute } from '../members/members.repository.js';
import { enqueueOutbox, type OutboxMessage } from '../outbox/outbox.repository.js';
import type { EvaluationResult, ProposedEffect } from '../rules/evaluation.types.js';
import { getProgram } from '../tenants/programs.service.js';
import { toEffectDto } from './effects.mapper.js';

const DAY = 86_400_000;

export interface ApplyContext {
  scope: LedgerScope;
  memberId: string;
  /** What the effects are for, e.g. `purchase:<externalId>`; also the outbox subject. */
  reference: string;
  /** In words, for the journal explanation: "purchase A-1001". */
  subject: string;
  occurredAt: Date;
  /** The ledger journal is keyed by this, so the same activity can never credit twice. */
  idempotencyKey: string;
  journalId?: string;
  journalKind: string;
  /** The coalition partner the activity happened at: the journal is tagged for settlement. */
  partnerId?: string | null;
}

export interface Applied {
  journal: PartsJournal | null;
  effects: EffectDto[];
}

type LedgerCredit = Extract<ProposedEffect, { kind: 'points' }>;

function part(e: LedgerCredit, at: Date, units: ReadonlyMap<string, string>): CreditPart {
  return {
    wallet: { code: e.wallet, unit: units.get(e.wallet) ?? 'points' },
    amount: e.amount,
    rule: e.ref.versionId.startsWith('draft:')
      ? null
      : { versionId: e.ref.versionId, ruleKey: e.ref.ruleKey },
    ...(e.pendingDays !== null ? { availableAt: new Date(at.getTime() + e.pendingDays * DAY) } : {}),
    ...(e.expiresInDays !== undefined
      ? { expiresAt: e.expiresInDays === null ? null : new Date(at.getTime() + e.expiresInDays * DAY) }
      : {}),
  };
}

function journalExplanation(ctx: ApplyContext, credits: LedgerCredit[]): string {
  const points = credits.filter((e) => !e.money);
  const total = points.reduce((s, e) => s + e.amount, 0);
  const main = points.find((e) => e.wallet === MAIN_WALLET.code);
  const release = main
    ? (part(main, ctx.occurredAt, new Map()).availableAt ?? availableAt(ctx.scope.policy, ctx.occurredAt))
    : null;
  const pending =
    release && release > new Date() ? `, pending until ${release.toISOString().slice(0, 10)}` : '';
  const head = points.length > 0 ? `+${total} points` : 'Cashback';
  return `${head} for ${ctx.subject}: ${credits.map((e) => e.explanation).join('; ')}${pending}`;
}

/**
 * The ledger unit of each money wallet the credits name: the program currency (a money wallet's account is kept in
 * minor units of it, as the points routes and balances see it). Points wallets need no lookup.
 */
async function walletUnits(
  db: Db,
  scope: LedgerScope,
  credits: LedgerCredit[],
): Promise<Map<string, string>> {
  const units = new Map<string, string>();
  const money = [...new Set(credits.filter((e) => e.money).map((e) => e.wallet))];
  if (money.length === 0) return units;
  const program = await getProgram(db, scope.tenantId, scope.programId);
  for (const code of money) {
    const type = await findWalletType(db, scope.programId, code);
    // Validation refuses a cashback effect without a declared money wallet; one removed since cannot be credited.
    if (type?.unit !== 'currency') throw new Error(`wallet ${code} is not a money wallet of the program`);
    units.set(code, program.currency);
  }
  return units;
}

/**
 * Applies an evaluation in the caller's transaction: all points as one ledger journal (each rule's award its own
 * entries and lot), coupons, tags, attributes and outbox messages. The limit and budget usage was consumed when the
 * rules ran, in the same transaction. Either all of it is written or, with the transaction, none.
 */
export async function applyEffects(db: Db, ctx: ApplyContext, result: EvaluationResult): Promise<Applied> {
  const points = result.effects.filter(
    (e): e is Extract<ProposedEffect, { kind: 'points' }> => e.kind === 'points',
  );
  // Member-row effects (tags, attributes) go first: every path that changes a member row and credits points takes the
  // member row before the wallet, so two transactions never wait on each other crosswise.
  const dtos: EffectDto[] = [];
  const outbox: OutboxMessage[] = [];
  for (const [i, e] of result.effects.entries()) {
    if (e.kind === 'other') dtos[i] = await applyOther(db, ctx, e, outbox);
  }
  const units = await walletUnits(db, ctx.scope, points);
  const journal =
    points.length > 0
      ? await creditParts(db, ctx.scope, {
          memberId: ctx.memberId,
          kind: ctx.journalKind,
          parts: points.map((e) => part(e, ctx.occurredAt, units)),
          occurredAt: ctx.occurredAt,
          idempotencyKey: ctx.idempotencyKey,
          reference: ctx.reference,
          explanation: journalExplanation(ctx, points),
          partnerId: ctx.partnerId ?? null,
          ...(ctx.journalId ? { journalId: ctx.journalId } : {}),
        })
      : null;
  const effects = result.effects.map((e, i) => dtos[i] ?? toEffectDto(e));
  await enqueueOutbox(db, outbox);
  return { journal, effects };
}

async function applyOther(
  db: Db,
  ctx: ApplyContext,
  e: Extract<ProposedEffect, { kind: 'other' }>,
  outbox: OutboxMessage[],
): Promise<EffectDto> {
  const x = e.effect;
  switch (x.kind) {
    case 'issue_coupon': {
      const coupon = await issueCoupon(db, {
        tenantId: ctx.scope.tenantId,
        programId: ctx.scope.programId,
        memberId: ctx.memberId,
        name: x.name,
        discountType: x.discount.type,
        discountValue: x.discount.value,
        minSpend: x.minSpend ?? 0,
        validFrom: ctx.occurredAt,
        validUntil: new Date(ctx.occurredAt.getTime() + x.validDays * DAY),
        source: `rule:${e.ref.campaignId}:${e.ref.ruleKey}:v${e.ref.version}`,
      });
      return toEffectDto(e, {
        couponId: coupon.id,
        code: coupon.code,
        validUntil: coupon.valid_until.toISOString(),
      });
    }
    case 'tag_member':
      await addMemberTag(db, ctx.memberId, x.tag);
      break;
    case 'set_attribute':
      await setMemberAttribute(db, ctx.memberId, x.key, x.value);
      break;
    case 'emit_event':
      outbox.push({
        tenantId: ctx.scope.tenantId,
        programId: ctx.scope.programId,
        type: x.type,
        payload: { memberId: ctx.memberId, reference: ctx.reference, rule: e.ref, data: x.data ?? {} },
      });
      break;
  }
  return toEffectDto(e);
}
