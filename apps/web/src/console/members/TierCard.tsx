import { useTranslation } from 'react-i18next';
import { api, unwrap, unwrapOptional } from '../../api/client.js';
import { Card, ErrorBox, Loading } from '../../ui/components.js';
import { formatDate, formatDateTime, formatMoney, formatNumber } from '../../ui/format.js';
import { useAsync } from '../../ui/use-async.js';
import type { MemberTier } from '../lib.js';

type Goal = NonNullable<MemberTier['next']>;

/** The member's tier, what they need for the next one and what keeps the current one, with dates and history. */
export function TierCard({ memberId, version }: { memberId: string; version: number }) {
  const { t } = useTranslation('console');
  const tier = useAsync(
    () => unwrapOptional(api.GET('/v1/members/{id}/tier', { params: { path: { id: memberId } } })),
    [memberId, version],
  );
  const history = useAsync(
    () => unwrap(api.GET('/v1/members/{id}/tier/history', { params: { path: { id: memberId } } })),
    [memberId, version],
  );

  if (tier.data === null) {
    return (
      <Card title={t('tier.title')}>
        <p className="muted">{t('tier.notConfigured')}</p>
      </Card>
    );
  }
  const data = tier.data ?? undefined;
  return (
    <Card title={t('tier.title')}>
      {tier.error !== undefined && <ErrorBox error={tier.error} onRetry={tier.reload} />}
      {data === undefined ? (
        tier.error === undefined && <Loading />
      ) : (
        <>
          <p className="tier-now">
            <span className="badge ok tier-badge">{data.tier.name}</span>{' '}
            <span className="muted">
              {t('tier.since', { date: formatDate(data.since) })}
              {data.manual && ` · ${t('tier.manual')}`}
              {data.reviewAt !== null && ` · ${t('tier.reviewAt', { date: formatDate(data.reviewAt) })}`}
              {data.graceUntil !== null &&
                ` · ${t('tier.graceUntil', { date: formatDate(data.graceUntil) })}`}
            </span>
          </p>
          <p className="small">
            {t('tier.window', {
              window: t(`tierWindows.${data.window.type}`, { defaultValue: data.window.type }),
              spend: formatMoney(data.window.metrics.spend, data.currency),
              points: formatNumber(data.window.metrics.qualifyingPoints),
              purchases: formatNumber(data.window.metrics.purchases),
            })}
          </p>
          {data.next !== null && (
            <GoalView title={t('tier.next')} goal={data.next} currency={data.currency} />
          )}
          {data.keep !== null && (
            <GoalView title={t('tier.keep')} goal={data.keep} currency={data.currency} />
          )}
          {data.next === null && <p className="small muted">{t('tier.top')}</p>}
        </>
      )}
      {history.data !== undefined && history.data.items.length > 0 && (
        <details className="tier-history">
          <summary>{t('tier.history', { count: history.data.items.length })}</summary>
          <ul>
            {history.data.items.map((item) => (
              <li key={`${item.at}-${item.to}`}>
                {formatDateTime(item.at)}: {item.from ?? '—'} → {item.to}{' '}
                <span className="muted">({item.reason})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </Card>
  );
}

function GoalView({ title, goal, currency }: { title: string; goal: Goal; currency: string }) {
  const { t } = useTranslation('console');
  const figure = (metric: string, n: number) =>
    metric === 'spend' ? formatMoney(n, currency) : formatNumber(n);
  return (
    <div className="goal">
      <h3>
        {title}: {goal.tier.name} {goal.met && <span className="badge ok">{t('tier.met')}</span>}
      </h3>
      {goal.requirements.map((r) => {
        const label = t(`tier.metrics.${r.metric}`);
        return (
          <div key={r.metric} className="requirement">
            <div className="requirement-label">
              <span>{label}</span>
              <span className="small">
                {t('tier.progress', {
                  current: figure(r.metric, r.current),
                  required: figure(r.metric, r.required),
                })}
              </span>
            </div>
            <progress
              max={r.required}
              value={Math.min(r.current, r.required)}
              aria-label={t('tier.progressLabel', { metric: label, tier: goal.tier.name })}
            />
          </div>
        );
      })}
      <p className="small">{goal.explanation}</p>
    </div>
  );
}
