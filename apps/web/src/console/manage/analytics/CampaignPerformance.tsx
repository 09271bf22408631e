import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { BarChartFigure } from '../../../ui/charts.js';
import { Card, EmptyState, ErrorBox, Loading, Stat } from '../../../ui/components.js';
import { formatMoney, formatNumber, formatPercent } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import { useProgram } from '../../context.js';
import type { Incrementality } from '../api-types.js';
import { compactNumber } from '../shared.js';
import { StatusBadge } from '../widgets.js';
import type { Range } from './AnalyticsPage.js';

/** One uplift figure; the interval arrives as a [low, high] pair (typed as a list by one of the reports). */
type Uplift = Omit<Incrementality['spendPerMember'], 'ci95'> & { ci95: number[] };

/** "+€1.20 (95 % CI −€0.10 to €2.50)", with whether the interval excludes zero. */
export function UpliftText({ uplift, format }: { uplift: Uplift; format: (v: number) => string }) {
  const { t } = useTranslation('manage');
  const sign = uplift.uplift > 0 ? '+' : '';
  return (
    <span>
      {sign}
      {format(uplift.uplift)}
      {uplift.relativeUplift !== null && ` (${sign}${formatPercent(uplift.relativeUplift)})`}{' '}
      <span className="muted small">
        {t('analytics.ci', { low: format(uplift.ci95[0] ?? 0), high: format(uplift.ci95[1] ?? 0) })}
      </span>{' '}
      <StatusBadge tone={uplift.significant ? 'ok' : 'neutral'}>
        {uplift.significant ? t('analytics.significant') : t('analytics.notSignificant')}
      </StatusBadge>
    </span>
  );
}

/** What each campaign gave and what it brought, and the uplift over its holdout group with a 95 % interval. */
export function CampaignPerformance({ range }: { range: Range }) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const report = useAsync(
    () =>
      unwrap(
        api.GET('/v1/programs/{id}/reports/campaigns', {
          params: { path: { id: program.id }, query: range },
        }),
      ),
    [program.id, range.from, range.to],
  );
  const money = (v: number) => formatMoney(Math.round(v), program.currency);
  const visits = (v: number) => formatNumber(v, 2);
  if (report.loading) return <Loading />;
  if (report.data === undefined) return <ErrorBox error={report.error} onRetry={report.reload} />;
  const campaigns = report.data.campaigns;
  return (
    <>
      <ProgramUplift range={range} />
      <Card title={t('analytics.campaigns.title')}>
        {campaigns.length === 0 ? (
          <EmptyState>{t('analytics.campaigns.empty')}</EmptyState>
        ) : (
          <>
            <BarChartFigure
              title={t('analytics.campaigns.chart')}
              data={campaigns.map((c) => ({ name: c.name, points: c.points }))}
              xKey="name"
              series={[{ key: 'points', label: t('analytics.campaigns.points') }]}
              formatValue={compactNumber}
            />
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">{t('analytics.campaigns.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('explain.campaign')}</th>
                    <th scope="col" className="num">
                      {t('analytics.campaigns.points')}
                    </th>
                    <th scope="col" className="num">
                      {t('analytics.campaigns.cost')}
                    </th>
                    <th scope="col" className="num">
                      {t('analytics.members')}
                    </th>
                    <th scope="col" className="num">
                      {t('analytics.kpi.purchases')}
                    </th>
                    <th scope="col" className="num">
                      {t('analytics.kpi.revenue')}
                    </th>
                    <th scope="col">{t('analytics.campaigns.holdout')}</th>
                    <th scope="col">{t('analytics.campaigns.spendUplift')}</th>
                  </tr>
                </thead>
                <tbody>
                  {campaigns.map((c) => (
                    <tr key={c.campaignId}>
                      <td>
                        {c.name}
                        {c.kind === 'base' && <span className="badge tag">{t('campaigns.base')}</span>}
                      </td>
                      <td className="num">{formatNumber(c.points)}</td>
                      <td className="num">
                        {formatMoney(c.cost, report.data?.currency ?? program.currency)}
                      </td>
                      <td className="num">{formatNumber(c.members)}</td>
                      <td className="num">{formatNumber(c.purchases)}</td>
                      <td className="num">
                        {formatMoney(c.revenue, report.data?.currency ?? program.currency)}
                      </td>
                      <td>
                        {c.holdoutPercent === null
                          ? t('analytics.campaigns.noHoldout')
                          : formatPercent(c.holdoutPercent / 100)}
                      </td>
                      <td>
                        {c.uplift === null ? (
                          '—'
                        ) : (
                          <>
                            <UpliftText uplift={c.uplift.spendPerMember} format={money} />
                            <div className="small">
                              {t('analytics.campaigns.visits')}:{' '}
                              <UpliftText uplift={c.uplift.visitsPerMember} format={visits} />
                            </div>
                          </>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Card>
    </>
  );
}

/** The program's own control group, when it has one: members held out of the whole program. */
function ProgramUplift({ range }: { range: Range }) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const report = useAsync(
    async () =>
      program.holdoutPercent > 0
        ? unwrap(
            api.GET('/v1/programs/{id}/reports/incrementality', {
              params: { path: { id: program.id }, query: range },
            }),
          )
        : undefined,
    [program.id, program.holdoutPercent, range.from, range.to],
  );
  if (program.holdoutPercent <= 0) return null;
  const r = report.data;
  return (
    <Card title={t('analytics.programUplift')}>
      <ErrorBox error={report.error} onRetry={report.reload} />
      {r && (
        <>
          <div className="stats">
            <Stat label={t('analytics.treatment')} value={formatNumber(r.treatment.members)} />
            <Stat
              label={t('analytics.control')}
              value={formatNumber(r.control.members)}
              note={formatPercent(r.holdoutPercent / 100)}
            />
          </div>
          <p>
            {t('analytics.campaigns.spendUplift')}:{' '}
            <UpliftText uplift={r.spendPerMember} format={(v) => formatMoney(Math.round(v), r.currency)} />
          </p>
          <p>
            {t('analytics.campaigns.visits')}:{' '}
            <UpliftText uplift={r.visitsPerMember} format={(v) => formatNumber(v, 2)} />
          </p>
        </>
      )}
    </Card>
  );
}
