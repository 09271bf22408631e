/**
 * Splits an integer total over weights in proportion (largest remainder, ties to the earlier index), so the parts are
 * integers that always add up to the total. Zero or negative weights get nothing; all-zero weights give all zeros
 *.
 */
export function shareOut(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (sum <= 0 || total === 0) return weights.map(() => 0);
  const exact = weights.map((w) => (Math.max(0, w) * total) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .filter(({ i }) => (weights[i] ?? 0) > 0)
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

export function round(mode: 'floor' | 'round' | 'ceil' | undefined, x: number): number {
  // Money × rate can land a hair under an integer in floating point (0.29 × 100); nudge before rounding.
  const nudged = Math.round(x * 1e9) / 1e9;
  return mode === 'ceil' ? Math.ceil(nudged) : mode === 'round' ? Math.round(nudged) : Math.floor(nudged);
}
