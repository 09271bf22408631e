import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';

export { gammaln };

/** ln B(a, b) through log-gamma, so it stays finite for the large arguments heavy buyers produce. */
export function betaln(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** ln(e^a − e^b) for a > b. */
export function logSubExp(a: number, b: number): number {
  return a + Math.log1p(-Math.exp(b - a));
}

/**
 * ln 2F1(a, b; c; z) for 0 ≤ z < 1. The series has positive terms here (a, b, c > 0), so the value is positive.
 * Cephes' algorithm (via stdlib) is used directly; when it overflows for very heavy buyers the Euler transformation
 * 2F1(a,b;c;z) = (1−z)^(c−a−b) 2F1(c−a, c−b; c; z) brings the arguments back into range.
 */
export function log2F1(a: number, b: number, c: number, z: number): number {
  const direct = hyp2f1(a, b, c, z);
  if (Number.isFinite(direct) && direct > 0) return Math.log(direct);
  const euler = hyp2f1(c - a, c - b, c, z);
  if (Number.isFinite(euler) && euler > 0) return (c - a - b) * Math.log1p(-z) + Math.log(euler);
  return log2F1Series(a, b, c, z);
}

/**
 * The defining series, summed in log space: with a, b, c > 0 and 0 ≤ z < 1 every term is positive, so it converges
 * without cancellation, if slowly near z = 1. The last resort when both library evaluations fail.
 */
function log2F1Series(a: number, b: number, c: number, z: number): number {
  let logTerm = 0;
  let logSum = 0;
  for (let n = 0; n < 200_000; n++) {
    logTerm += Math.log(a + n) + Math.log(b + n) - Math.log(c + n) - Math.log(n + 1) + Math.log(z);
    logSum = logAddExp(logSum, logTerm);
    if (logTerm - logSum < -40) break;
  }
  return logSum;
}
