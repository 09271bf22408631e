import { fromMinor, type LedgerPolicy, toMinor } from '../lib.js';

/**
 * The ledger policy as the form edits it: amounts of money in the currency's major unit, the expiry period as a
 * number and a unit, the hold lifetime in minutes and the exclusion lists as text.
 */
export interface Draft {
  earnPoints: string;
  earnPerMajor: string;
  earnRounding: LedgerPolicy['earnRounding'];
  pendingDays: string;
  expiryMode: LedgerPolicy['expiryMode'];
  expiryAmount: string;
  expiryUnit: 'days' | 'months';
  expiryRoundTo: LedgerPolicy['expiryRoundTo'];
  expiryExemptTiers: string[];
  returnPolicy: LedgerPolicy['returnPolicy'];
  transfersAllowed: boolean;
  holdTtlMinutes: string;
  claimWindowDays: string;
  excludedSkus: string;
  excludedCategories: string;
}

export function toDraft(p: LedgerPolicy, currency: string): Draft {
  const months = p.expiryMonths > 0;
  return {
    earnPoints: String(p.earnPoints),
    earnPerMajor: fromMinor(p.earnPerMinor, currency),
    earnRounding: p.earnRounding,
    pendingDays: String(p.pendingDays),
    expiryMode: p.expiryMode,
    expiryAmount: String(months ? p.expiryMonths : p.expiryDays),
    expiryUnit: months || p.expiryDays === 0 ? 'months' : 'days',
    expiryRoundTo: p.expiryRoundTo,
    expiryExemptTiers: p.expiryExemptTiers ?? [],
    returnPolicy: p.returnPolicy,
    transfersAllowed: p.transfersAllowed,
    holdTtlMinutes: String(Math.round(p.holdTtlSeconds / 60)),
    claimWindowDays: String(p.claimWindowDays),
    excludedSkus: p.excludedSkus.join(', '),
    excludedCategories: p.excludedCategories.join(', '),
  };
}

const list = (text: string) =>
  text
    .split(/[,\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');

export function toPolicy(d: Draft, currency: string): LedgerPolicy {
  const expiry = d.expiryMode === 'never' ? 0 : Number(d.expiryAmount || 0);
  return {
    earnPoints: Number(d.earnPoints),
    earnPerMinor: toMinor(d.earnPerMajor, currency) ?? Number.NaN,
    earnRounding: d.earnRounding,
    pendingDays: Number(d.pendingDays),
    expiryMode: d.expiryMode,
    expiryDays: d.expiryUnit === 'days' ? expiry : 0,
    expiryMonths: d.expiryUnit === 'months' ? expiry : 0,
    expiryRoundTo: d.expiryRoundTo,
    expiryExemptTiers: d.expiryExemptTiers,
    returnPolicy: d.returnPolicy,
    transfersAllowed: d.transfersAllowed,
    holdTtlSeconds: Number(d.holdTtlMinutes) * 60,
    claimWindowDays: Number(d.claimWindowDays),
    excludedSkus: list(d.excludedSkus),
    excludedCategories: list(d.excludedCategories),
  };
}
