import type { EffectDto, EvaluationDto } from '../campaigns/campaigns.schemas.js';
import type { EvaluationResult, ProposedEffect } from '../rules/evaluation.types.js';

/** An effect as the API shows it; `detail` carries what applying it produced (a coupon code, say). */
export function toEffectDto(e: ProposedEffect, detail?: Record<string, unknown>): EffectDto {
  if (e.kind === 'points' && e.money) {
    return {
      rule: e.ref,
      kind: 'cashback',
      wallet: e.wallet,
      detail: { amount: e.amount, lines: e.lines },
      explanation: e.explanation,
    };
  }
  if (e.kind === 'points') {
    return { rule: e.ref, kind: 'points', wallet: e.wallet, points: e.amount, explanation: e.explanation };
  }
  const { kind, ...rest } = e.effect;
  return { rule: e.ref, kind, detail: { ...rest, ...detail }, explanation: e.explanation };
}

export function toEvaluationDto(result: EvaluationResult, asOf: Date, dryRun: boolean): EvaluationDto {
  return {
    dryRun,
    asOf: asOf.toISOString(),
    points: result.points,
    linePoints: result.linePoints,
    effects: result.effects.map((e) => toEffectDto(e)),
    rules: result.outcomes.map((o) => ({
      rule: o.ref,
      applied: o.applied,
      points: o.points,
      reasons: o.reasons,
    })),
  };
}
