import { useTranslation } from 'react-i18next';
import { api, unwrap, unwrapOptional } from '../../api/client.js';
import { Card, ErrorBox, Loading } from '../../ui/components.js';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPercent } from '../../ui/format.js';
import { useAsync } from '../../ui/use-async.js';
import { useProgram } from '../context.js';
import type { MemberMetrics } from '../lib.js';

/** What analytics knows about the member (RFM, CLV, churn risk, loyalty type) and the segments they are in. */
export function InsightsCard({ memberId }: { memberId: string }) {
  const { t } = useTranslation('console');
  const metrics = useAsync(
    () => unwrapOptional(api.GET('/v1/members/{id}/metrics', { params: { path: { id: memberId } } })),
    [memberId],
  );
  const segments = useAsync(
    () => unwrap(api.GET('/v1/members/{id}/segments', { params: { path: { id: memberId } } })),
    [memberId],
  );
  const notComputed = metrics.data === null;

  return (
    <Card title={t('insights.title')}>
      {notComputed && <p className="muted">{t('insights.notComputed')}</p>}
      {metrics.error !== undefined && <ErrorBox error={metrics.error} onRetry={metrics.reload} />}
      {metrics.data === undefined && metrics.error === undefined && <Loading />}
      {metrics.data !== undefined && metrics.data !== null && <MetricsView m={metrics.data} />}
      <h3>{t('insights.segments')}</h3>
      {segments.error !== undefined && <ErrorBox error={segments.error} onRetry={segments.reload} />}
      {segments.data !== undefined &&
        (segments.data.items.length === 0 ? (
          <p className="muted small">{t('insights.noSegments')}</p>
        ) : (
          <ul className="tag-list">
            {segments.data.items.map((s) => (
              <li
                key={s.segmentId}
                className="badge"
                title={t('insights.segmentSince', { date: formatDate(s.since) })}
              >
                {s.name}
              </li>
            ))}
          </ul>
        ))}
    </Card>
  );
}

function MetricsView({ m }: { m: MemberMetrics }) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const money = (minor: number | null) => (minor === null ? '—' : formatMoney(minor, program.currency));
  const score = (n: number | null) => (n === null ? '–' : String(n));
  const facts: [string, string][] = [
    [
      t('insights.rfm'),
      `${t(`rfmSegments.${m.rfm.segment}`, { defaultValue: m.rfm.segment })} (R${score(m.rfm.r)} F${score(m.rfm.f)} M${score(m.rfm.m)})`,
    ],
    [t('insights.clv'), money(m.clv)],
    [t('insights.churnRisk'), m.churnRisk === null ? '—' : formatPercent(m.churnRisk, 0)],
    [t('insights.pAlive'), m.pAlive === null ? '—' : formatPercent(m.pAlive, 0)],
    [
      t('insights.loyaltyType'),
      m.loyaltyType === null ? '—' : t(`loyaltyTypes.${m.loyaltyType}`, { defaultValue: m.loyaltyType }),
    ],
    [t('insights.purchases'), formatNumber(m.frequency)],
    [t('insights.spend'), money(m.monetary)],
    [t('insights.aov'), money(m.averageOrderValue)],
    [t('insights.recency'), m.recencyDays === null ? '—' : t('insights.days', { count: m.recencyDays })],
    [t('insights.engagement'), formatNumber(m.engagementScore, 2)],
  ];
  return (
    <>
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">{t('insights.computedAt', { at: formatDateTime(m.computedAt) })}</p>
    </>
  );
}
