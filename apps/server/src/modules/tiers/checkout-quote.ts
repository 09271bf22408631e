import type { Db } from '../../db/database.js';
import { type FieldError, unprocessable, validationFailed } from '../../http/problem.js';
import { formatMoney } from '../../lib/money.js';
import { resolveProgram } from '../tenants/programs.service.js';
import { resolvePurchaserRow } from '../transactions/resolve-member.js';
import { tierCodeOf, tierDefinitions } from './definitions.js';
import { tiersNotConfigured } from './tier-progress.js';
import type { QuoteDto, QuoteRequest } from './tiers.schemas.js';

/**
 * The discount-card part of a checkout: the member's tier discount on each line, in integer minor units. Per line,
 * discount = net × percent / 100 rounded half up (0.5 minor units round up), so the receipt shows each line's
 * discount and they add up to the total exactly. Excluded SKUs and categories get none. Nothing is written.
 */
export async function quoteCheckout(db: Db, tenantId: string, input: QuoteRequest): Promise<QuoteDto> {
  const program = await resolveProgram(db, tenantId, input.programId);
  if (input.currency !== undefined && input.currency !== program.currency) {
    throw unprocessable(
      'currency_mismatch',
      `This program runs in ${program.currency}, not ${input.currency}`,
    );
  }
  if (input.memberId === undefined && input.identity === undefined) {
    throw validationFailed('Name the member by memberId or identity', [
      { field: '/memberId', in: 'body', code: 'required', message: 'memberId or identity is required' },
    ]);
  }
  const errors: FieldError[] = [];
  input.lines.forEach((l, i) => {
    if ((l.discount ?? 0) > l.quantity * l.unitPrice)
      errors.push({
        field: `/lines/${i}/discount`,
        in: 'body',
        code: 'range',
        message: 'exceeds the line amount',
      });
  });
  if (errors.length > 0) throw validationFailed(`${errors[0]?.field} ${errors[0]?.message}`, errors);
  const member = await resolvePurchaserRow(db, tenantId, program, input);
  if (member === undefined) throw new Error('member resolution returned nobody');
  const defs = await tierDefinitions(db, program.id);
  const code = await tierCodeOf(db, program.id, member.id);
  if (defs === null || code === null) throw tiersNotConfigured(program.id);
  const tier = defs.byCode.get(code) ?? defs.entry;
  const percent = tier.benefits?.discountPercent ?? 0;
  const basisPoints = BigInt(Math.round(percent * 100));
  const skus = new Set(defs.set.discountExclusions?.skus ?? []);
  const categories = new Set(defs.set.discountExclusions?.categories ?? []);
  const money = (n: number) => formatMoney(n, program.currency);
  const lines = input.lines.map((l) => {
    const net = l.quantity * l.unitPrice - (l.discount ?? 0);
    const excluded = skus.has(l.sku) || (l.category !== undefined && categories.has(l.category));
    const tierDiscount = excluded ? 0 : Number((BigInt(net) * basisPoints + 5_000n) / 10_000n);
    return {
      sku: l.sku,
      net,
      tierDiscount,
      total: net - tierDiscount,
      explanation: excluded
        ? `${l.sku}: excluded from the ${tier.name} discount`
        : `${l.sku}: ${percent}% ${tier.name} discount on ${money(net)} = -${money(tierDiscount)}`,
    };
  });
  const subtotal = lines.reduce((s, l) => s + l.net, 0);
  const discount = lines.reduce((s, l) => s + l.tierDiscount, 0);
  return {
    programId: program.id,
    memberId: member.id,
    currency: program.currency,
    tier: { code: tier.code, name: tier.name },
    discountPercent: percent,
    rounding: 'half_up_per_line',
    lines,
    subtotal,
    tierDiscount: discount,
    total: subtotal - discount,
    explanation:
      percent > 0
        ? `${tier.name} card: ${percent}% off, -${money(discount)} on ${money(subtotal)}`
        : `${tier.name} has no discount`,
  };
}
