/**
 * Points that `returned` of a line's `quantity` units carry, computed on the cumulative quantity so that partial
 * returns add up exactly to a full one and never to more than the line earned.
 */
export function pointsForReturned(line: { points: number; quantity: number }, returned: number): number {
  return Math.floor((line.points * returned) / line.quantity);
}
