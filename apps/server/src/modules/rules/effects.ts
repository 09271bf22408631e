import { describeMatch, lineMatches, moneyText } from './conditions.js';
import type { Activity, ActivityLine } from './evaluation.types.js';
import type { CashbackEffect, PointsEffect } from './rule.schemas.js';
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
  const n = lines.length;
  const matches = new Array<boolean>(n);
  for (let i = 0; i < n; i++) matches[i] = lineMatches(lines[i] as ActivityLine, match);
  /** Per line: the line's net (or 0 if it does not match, when `matchedOnly`). */
  const nets = (matchedOnly: boolean) => {
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = !matchedOnly || matches[i] ? (lines[i] as ActivityLine).net : 0;
    return out;
  };
  switch (effect.kind) {
    case 'points_fixed': {
      // A flat bonus on a purchase is spread over its lines by value, so returning half the basket returns half.
      return award(effect, wallet, n, effect.points, nets(false), plural(effect.points, 'point'));
    }
    case 'points_per_currency': {
      const weights = nets(true);
      let net = 0;
      for (const w of weights) net += w;
      const amount = Math.max(0, round(effect.rounding, (net * effect.points) / effect.perMinor));
      const on = effect.match ? ` of ${describeMatch(effect.match)}` : '';
      return award(
        effect,
        wallet,
        n,
        amount,
        weights,
        `${plural(effect.points, 'point')} per ${moneyText(effect.perMinor, currency)} on ${moneyText(net, currency)}${on}`,
      );
    }
    case 'points_per_item': {
      const perLine = new Array<number>(n);
      let items = 0;
      let amount = 0;
      for (let i = 0; i < n; i++) {
        const q = matches[i] ? (lines[i] as ActivityLine).quantity : 0;
        perLine[i] = matches[i] ? q * effect.points : 0;
        items += q;
        amount += perLine[i] as number;
      }
      return award(
        effect,
        wallet,
        n,
        amount,
        perLine,
        `${plural(effect.points, 'point')} per item × ${items} (${describeMatch(effect.match)})`,
      );
    }
    case 'points_multiplier': {
      const base = basePerLine.map((b, i) => (matches[i] ? b : 0));
      let baseSum = 0;
      for (const b of base) baseSum += b;
      const amount = Math.max(0, round('floor', (effect.factor - 1) * baseSum));
      return award(
        effect,
        wallet,
        n,
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

export interface CashbackAward {
  effect: CashbackEffect;
  /** Minor units of the program currency. */
  amount: number;
  amountText: string;
  /** Per purchase line; they add up to the amount. */
  lines: number[] | null;
  describe: string;
}

/** A percent with up to 2 decimals as whole basis points (1.5 → 150), so the arithmetic stays in integers. */
export const basisPoints = (percent: number): number => Math.round(percent * 100);

/**
 * Cashback one effect credits: the percent of the matching lines' net spend, rounded down to a minor unit, then
 * capped per activity. It is shared out over the matching lines by their net, like points, so a return of a line
 * maps to what that line earned.
 */
export function computeCashback(effect: CashbackEffect, activity: Activity): CashbackAward {
  const lines = activity.lines ?? [];
  const currency = activity.currency ?? 'EUR';
  const weights = lines.map((l) => (lineMatches(l, effect.match) ? l.net : 0));
  const net = weights.reduce((s, w) => s + Math.max(0, w), 0);
  const bp = basisPoints(effect.percent);
  const uncapped = Math.floor((net * bp) / 10_000);
  const amount = effect.cap !== undefined ? Math.min(effect.cap, uncapped) : uncapped;
  const on = effect.match ? ` of ${describeMatch(effect.match)}` : '';
  const capped = amount < uncapped ? ` (capped at ${moneyText(effect.cap ?? 0, currency)})` : '';
  return {
    effect,
    amount,
    amountText: moneyText(amount, currency),
    lines: lines.length > 0 ? shareOut(amount, weights) : null,
    describe: `${bp / 100}% cashback on ${moneyText(net, currency)}${on}${capped}`,
  };
}
