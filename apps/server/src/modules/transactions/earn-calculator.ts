import type { LedgerPolicy } from '../ledger/policy.js';

export interface PurchaseLine {
  sku: string;
  category?: string | null;
  quantity: number;
  unitPrice: number;
  discount: number;
}

export interface LineEarn {
  net: number;
  eligible: boolean;
  points: number;
  explanation: string;
}

export interface EarnResult {
  lines: LineEarn[];
  eligibleNet: number;
  points: number;
  /** "1 point per EUR 1.00": the rate in words, for explanations. */
  rate: string;
}

function rounder(mode: LedgerPolicy['earnRounding']): (x: number) => number {
  return mode === 'ceil' ? Math.ceil : mode === 'round' ? Math.round : Math.floor;
}

/** Building a NumberFormat costs far more than using one, and purchases format money several times each. */
const formatters = new Map<string, Intl.NumberFormat>();

export function formatMoney(minor: number, currency: string): string {
  let format = formatters.get(currency);
  if (format === undefined) {
    format = new Intl.NumberFormat('en', { style: 'currency', currency });
    formatters.set(currency, format);
  }
  return format.format(minor / 100);
}

/**
 * Base earn for a purchase, as a pure function. The rate applies to the total eligible net spend (so rounding
 * happens once, not per line), and the points are then shared out over the eligible lines in proportion to their
 * net (largest remainder), so that per-line points always add up to the total — which is what returns claw back.
 */
export function computeEarn(policy: LedgerPolicy, lines: PurchaseLine[], currency: string): EarnResult {
  const rate = `${policy.earnPoints} point${policy.earnPoints === 1 ? '' : 's'} per ${formatMoney(policy.earnPerMinor, currency)}`;
  const net = lines.map((l) => l.quantity * l.unitPrice - l.discount);
  const excluded = lines.map((l) =>
    policy.excludedSkus.includes(l.sku)
      ? `SKU ${l.sku} does not earn points`
      : l.category && policy.excludedCategories.includes(l.category)
        ? `category ${l.category} does not earn points`
        : null,
  );
  const eligibleNet = net.reduce((s, n, i) => (excluded[i] ? s : s + n), 0);
  const points = Math.max(
    0,
    rounder(policy.earnRounding)((eligibleNet * policy.earnPoints) / policy.earnPerMinor),
  );
  const shares = net.map((n, i) => (excluded[i] || eligibleNet === 0 ? 0 : (points * n) / eligibleNet));
  const floors = shares.map(Math.floor);
  let left = points - floors.reduce((s, f) => s + f, 0);
  const order = shares
    .map((s, i) => ({ i, frac: s - Math.floor(s) }))
    .filter(({ i }) => !excluded[i] && (net[i] ?? 0) > 0)
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = (floors[i] ?? 0) + 1;
    left--;
  }
  return {
    eligibleNet,
    points,
    rate,
    lines: lines.map((_, i) => {
      const reason = excluded[i];
      const lineNet = net[i] ?? 0;
      const linePoints = floors[i] ?? 0;
      return {
        net: lineNet,
        eligible: reason === null,
        points: linePoints,
        explanation: reason ?? `${linePoints} for ${formatMoney(lineNet, currency)} at ${rate}`,
      };
    }),
  };
}

/**
 * Points that `returned` of a line's `quantity` units carry, computed on the cumulative quantity so that partial
 * returns add up exactly to a full one and never to more than the line earned.
 */
export function pointsForReturned(line: { points: number; quantity: number }, returned: number): number {
  return Math.floor((line.points * returned) / line.quantity);
}
