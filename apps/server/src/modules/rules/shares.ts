/**
 * Splits an integer total over weights in proportion (largest remainder, ties to the earlier index), so the parts are
 * integers that always add up to the total. Zero or negative weights get nothing; all-zero weights give all zeros.
 */
export function shareOut(total: number, weights: number[]): number[] {
  const n = weights.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.max(0, weights[i] as number);
  if (sum <= 0 || total === 0) return new Array<number>(n).fill(0);
  const parts = new Array<number>(n);
  /** Fraction each part was rounded down by; -1 for parts that take no remainder (or already took one). */
  const fracs = new Array<number>(n);
  let left = total;
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    const exact = (Math.max(0, w) * total) / sum;
    const part = Math.floor(exact);
    parts[i] = part;
    fracs[i] = w > 0 ? exact - part : -1;
    left -= part;
  }
  // The remainder is less than one unit per part: hand it out one unit at a time, largest fraction first, ties to
  // the earlier index. A scan per unit beats sorting for the few units a purchase's lines leave over.
  if (left > 32) {
    const order = [];
    for (let i = 0; i < n; i++) if ((fracs[i] as number) >= 0) order.push(i);
    order.sort((a, b) => (fracs[b] as number) - (fracs[a] as number) || a - b);
    for (const i of order) {
      if (left <= 0) break;
      parts[i] = (parts[i] as number) + 1;
      left--;
    }
    return parts;
  }
  while (left > 0) {
    let best = -1;
    let bestFrac = -1;
    for (let i = 0; i < n; i++) {
      const f = fracs[i] as number;
      if (f > bestFrac) {
        best = i;
        bestFrac = f;
      }
    }
    if (best < 0) break;
    parts[best] = (parts[best] as number) + 1;
    fracs[best] = -1;
    left--;
  }
  return parts;
}

export function round(mode: 'floor' | 'round' | 'ceil' | undefined, x: number): number {
  // Money × rate can land a hair under an integer in floating point (0.29 × 100); nudge before rounding.
  const nudged = Math.round(x * 1e9) / 1e9;
  return mode === 'ceil' ? Math.ceil(nudged) : mode === 'round' ? Math.round(nudged) : Math.floor(nudged);
}
