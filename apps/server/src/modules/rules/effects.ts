import { formatMoney } from '../../lib/money.js';
import { describeMatch, lineMatches } from './conditions.js';
import type { Activity } from './evaluation.types.js';
import type { PointsEffect } from './rule.schemas.js';
import { round, shareOut } from './shares.js';

export const MAIN_WALLET_CODE = 'points';

export interface PointsAward {
  effect: PointsEffect;
  wallet: string;
  amount: number;
  /** Per purchase line (main wallet only); null for activities without lines or other wallets. */
  lines: number[] | null;
  describe: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Formatted amounts by currency and value: explanations repeat the same few (the rate, the basket's net). */
const formatted = new Map<string, string>();
function money(minor: number, currency: string): string {
  const key = `${currency}:${minor}`;
  let text = formatted.get(key);
  if (text === undefined) {
    if (formatted.size >= 10_000) formatted.clear();
    text = formatMoney(minor, currency);
    formatted.set(key, text);
  }
  return text;
}

function award(
  effect: PointsEffect,
  wallet: string,
  lineCount: number,
  amount: number,
  weights: number[],
  describe: string,
): PointsAward {
  return {
    effect,
    wallet,
    amount,
    lines: lineCount > 0 && wallet === MAIN_WALLET_CODE ? shareOut(amount, weights) : null,
    describe,
  };
}

/**
 * Points one effect awards for an activity. `basePerLine` is what the program's base rule awarded per line, which
 * multipliers multiply. Per-line amounts always add up to the amount.
 */
export function computePoints(effect: PointsEffect, activity: Activity, basePerLine: number[]): PointsAward {
  const wallet = effect.wallet ?? MAIN_WALLET_CODE;
  const lines = activity.lines ?? [];
  const currency = activity.currency ?? 'EUR';
  const match = 'match' in effect ? effect.match : undefined;
  const matches = lines.map((l) => lineMatches(l, match));
  switch (effect.kind) {
    case 'points_fixed': {
      // A flat bonus on a purchase is spread over its lines by value, so returning half the basket returns half.
      return award(
        effect,
        wallet,
        lines.length,
        effect.points,
        lines.map((l) => l.net),
        plural(effect.points, 'point'),
      );
    }
    case 'points_per_currency': {
      const net = lines.reduce((s, l, i) => (matches[i] ? s + l.net : s), 0);
      const amount = Math.max(0, round(effect.rounding, (net * effect.points) / effect.perMinor));
      const on = effect.match ? ` of ${describeMatch(effect.match)}` : '';
      return award(
        effect,
        wallet,
        lines.length,
        amount,
        lines.map((l, i) => (matches[i] ? l.net : 0)),
        `${plural(effect.points, 'point')} per ${money(effect.perMinor, currency)} on ${money(net, currency)}${on}`,
      );
    }
    case 'points_per_item': {
      const perLine = lines.map((l, i) => (matches[i] ? l.quantity * effect.points : 0));
      const items = lines.reduce((s, l, i) => (matches[i] ? s + l.quantity : s), 0);
      const amount = perLine.reduce((s, p) => s + p, 0);
      return award(
        effect,
        wallet,
        lines.length,
        amount,
        perLine,
        `${plural(effect.points, 'point')} per item × ${items} (${describeMatch(effect.match)})`,
      );
    }
    case 'points_multiplier': {
      const base = basePerLine.map((b, i) => (matches[i] ? b : 0));
      const baseSum = base.reduce((s, b) => s + b, 0);
      const amount = Math.max(0, round('floor', (effect.factor - 1) * baseSum));
      return award(
        effect,
        wallet,
        lines.length,
        amount,
        base,
        `${effect.factor}× points on ${describeMatch(effect.match)} (base ${baseSum})`,
      );
    }
  }
}

/** Scales awards down to a cap (a limit or budget), keeping them integers whose per-line parts still add up. */
export function capAwards(awards: PointsAward[], cap: number): PointsAward[] {
  const total = awards.reduce((s, a) => s + a.amount, 0);
  if (total <= cap) return awards;
  const amounts = shareOut(
    cap,
    awards.map((a) => a.amount),
  );
  return awards.map((a, i) => {
    const amount = amounts[i] ?? 0;
    return { ...a, amount, lines: a.lines ? shareOut(amount, a.lines) : null };
  });
}
