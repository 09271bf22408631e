/**
 * Customers with the same history contribute the same likelihood term, so the fits sum each distinct history once,
 * times its count. Many customers share one (every one-time buyer of a given first day has x = 0 and the same T),
 * which makes fitting 100,000 customers several times cheaper.
 */
export interface Weighted<R> {
  row: R;
  count: number;
}

export function groupRows<R>(rows: readonly R[], key: (row: R) => string): Weighted<R>[] {
  const groups = new Map<string, Weighted<R>>();
  for (const row of rows) {
    const k = key(row);
    const g = groups.get(k);
    if (g) g.count++;
    else groups.set(k, { row, count: 1 });
  }
  return [...groups.values()];
}

export const historyKey = (r: { x: number; tX: number; T: number }) => `${r.x}|${r.tX}|${r.T}`;
