/**
 * The "RFM summary" the buy-till-you-die models are fitted on, per customer, in weeks:
 * x = repeat purchase days in the calibration period, tX = weeks from the first purchase to the last one (0 if x = 0),
 * T = weeks from the first purchase to the end of calibration, mean = average value of the repeat purchases.
 * Purchases on the same day are merged first (the standard CDNOW convention), and only customers whose first
 * purchase falls inside the calibration period are summarised.
 */
export interface CustomerSummary {
  id: string;
  x: number;
  tX: number;
  T: number;
  /** Mean value of repeat purchases in the calibration period (0 when x = 0), in currency units. */
  mean: number;
  /** Repeat purchase days after the calibration period (for holdout checks). */
  holdoutX: number;
}

export interface Purchase {
  customerId: string;
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  /** Amount in currency units. */
  amount: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/** Accumulates purchases one at a time (so a file can be streamed) and summarises them at the end. */
export class SummaryBuilder {
  private readonly days = new Map<string, Map<number, number>>();
  add(p: Purchase): void {
    const d = dayNumber(p.day);
    if (!Number.isFinite(d)) throw new Error(`invalid date ${p.day} for customer ${p.customerId}`);
    let byDay = this.days.get(p.customerId);
    if (!byDay) {
      byDay = new Map();
      this.days.set(p.customerId, byDay);
    }
    byDay.set(d, (byDay.get(d) ?? 0) + p.amount);
  }

  get customers(): number {
    return this.days.size;
  }

  summarise(calibrationEnd: string): CustomerSummary[] {
    const end = dayNumber(calibrationEnd);
    const out: CustomerSummary[] = [];
    for (const [id, byDay] of this.days) {
      const days = [...byDay.keys()].sort((a, b) => a - b);
      const first = days[0] as number;
      if (first > end) continue;
      const repeat = days.slice(1).filter((d) => d <= end);
      const last = repeat.at(-1) ?? first;
      const total = repeat.reduce((s, d) => s + (byDay.get(d) ?? 0), 0);
      out.push({
        id,
        x: repeat.length,
        tX: (last - first) / 7,
        T: (end - first) / 7,
        mean: repeat.length > 0 ? total / repeat.length : 0,
        holdoutX: days.filter((d) => d > end).length,
      });
    }
    return out;
  }
}
