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

/**
 * Weighted histories as columns, with x and the times replaced by indexes into their distinct values. A likelihood
 * evaluation computes its logarithms once per distinct value (there are at most a few thousand: times are whole days
 * in weeks) and then only looks them up per history, which is what makes a fit over 100,000 customers cheap.
 */
export interface HistoryColumns {
  size: number;
  count: Float64Array;
  x: Float64Array;
  /** Index of the history's x in `xs`. */
  xIndex: Int32Array;
  /** Indexes of the history's tX and T in `times`. */
  tXIndex: Int32Array;
  tIndex: Int32Array;
  xs: number[];
  times: number[];
}

/** Maps each value to its index in `values`, appending the values it has not seen. */
export function indexer(values: number[]): (v: number) => number {
  const at = new Map<number, number>();
  return (v) => {
    let i = at.get(v);
    if (i === undefined) {
      i = values.length;
      values.push(v);
      at.set(v, i);
    }
    return i;
  };
}

export function historyColumns(
  groups: readonly Weighted<{ x: number; tX: number; T: number }>[],
): HistoryColumns {
  const n = groups.length;
  const columns: HistoryColumns = {
    size: n,
    count: new Float64Array(n),
    x: new Float64Array(n),
    xIndex: new Int32Array(n),
    tXIndex: new Int32Array(n),
    tIndex: new Int32Array(n),
    xs: [],
    times: [],
  };
  const xAt = indexer(columns.xs);
  const timeAt = indexer(columns.times);
  groups.forEach(({ row, count }, i) => {
    columns.count[i] = count;
    columns.x[i] = row.x;
    columns.xIndex[i] = xAt(row.x);
    columns.tXIndex[i] = timeAt(row.tX);
    columns.tIndex[i] = timeAt(row.T);
  });
  return columns;
}
