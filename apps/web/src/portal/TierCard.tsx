import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../ui/format.js';
import { serverTextLang, useDay } from './page.js';
import type { Goal, TierView } from './types.js';
import { joinList, leadingRequirement, progressOf, remainingAmount } from './words.js';

/** "€120 more to Gold, by 31 Dec" and a bar for the requirement that decides it. */
function goalSentence(
  t: ReturnType<typeof useTranslation<'portal'>>['t'],
  goal: Goal,
  currency: string,
  day: (value: string) => string,
  key: 'next' | 'keep',
): string {
  const open = goal.requirements.filter((r) => r.remaining > 0);
  const amounts = open.map((r) => remainingAmount(t, r, currency));
  const amount = joinList(t, amounts, goal.match === 'all' ? 'and' : 'or');
  const date = goal.by === null ? undefined : day(goal.by);
  return date === undefined
    ? t(`tier.${key}`, { amount, tier: goal.tier.name })
    : t(`tier.${key}By`, { amount, tier: goal.tier.name, date });
}

/** The member's tier, the progress bar to the next one and what keeps the current one. */
export function TierCard({ view }: { view: TierView }) {
  const { t, i18n } = useTranslation('portal');
  const day = useDay();
  const barId = useId();
  const next = view.next;
  const keep = view.keep;
  const lead = next !== null ? leadingRequirement(next) : undefined;
  const progress = lead !== undefined ? progressOf(lead) : 1;
  return (
    <section className="card tier-card" aria-labelledby="tier-title">
      <h2 id="tier-title">{t('tier.title')}</h2>
      {view.tier !== null && (
        <p className="tier-name">
          <span className="badge tier-badge">{view.tier.name}</span>
          {view.since !== null && (
            <span className="muted"> {t('tier.since', { date: day(view.since) })}</span>
          )}
        </p>
      )}
      {next === null ? (
        <p>{t('tier.top')}</p>
      ) : next.met ? (
        <p>
          {view.reviewAt !== null
            ? t('tier.reachedFrom', { tier: next.tier.name, date: day(view.reviewAt) })
            : t('tier.reached', { tier: next.tier.name })}
        </p>
      ) : (
        <>
          <p id={barId} className="tier-goal">
            {goalSentence(t, next, view.currency, day, 'next')}
          </p>
          <div className="progress">
            <progress
              max={100}
              value={Math.round(progress * 100)}
              aria-labelledby={barId}
              aria-valuetext={t('tier.percent', { percent: Math.round(progress * 100) })}
            />
            {lead !== undefined && (
              <p className="muted progress-caption">
                {t(`tier.metric.${lead.metric}`, {
                  current:
                    lead.unit === 'money'
                      ? formatMoney(lead.current, view.currency)
                      : formatNumber(lead.current),
                  required:
                    lead.unit === 'purchases'
                      ? formatNumber(lead.required)
                      : remainingAmount(t, { ...lead, remaining: lead.required }, view.currency),
                })}
              </p>
            )}
          </div>
        </>
      )}
      {keep !== null && !keep.met && view.tier !== null && (
        <p className="muted">{goalSentence(t, keep, view.currency, day, 'keep')}</p>
      )}
      {next !== null && !next.met && (
        <details className="explain">
          <summary>{t('tier.how')}</summary>
          <p lang={serverTextLang(i18n.language)}>{next.explanation}</p>
        </details>
      )}
    </section>
  );
}
