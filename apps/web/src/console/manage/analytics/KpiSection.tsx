import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { BarChartFigure, LineChartFigure } from '../../../ui/charts.js';
import { Card, ErrorBox, Loading, Stat } from '../../../ui/components.js';
import { formatDateTime, formatMoney, formatNumber, formatPercent } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import { useProgram } from '../../context.js';
import type { KpiReport } from '../api-types.js';
import { compactNumber, formatDay, minorDigits } from '../shared.js';
import type { Interval, Range } from './AnalyticsPage.js';

const rate = (r: number | null) => (r === null ? '—' : formatPercent(r));

/** The KPI report: headline figures, their series over the range, and the same figures as a table. */
export function KpiSection({
  range,
  interval,
  segmentId,
}: {
  range: Range;
  interval: Interval;
  segmentId: string;
}) {
  const { program } = useProgram();
  // Long ranges by day exceed the server's point limit; months are the natural grain then.
  const long = (new Date(range.to).getTime() - new Date(range.from).getTime()) / 86_400_000 > 900;
  const report = useAsync(
    () =>
      unwrap(
        api.GET('/v1/programs/{id}/reports/kpis', {
          params: {
            path: { id: program.id },
            query: {
              ...range,
              interval: long && interval === 'day' ? 'month' : interval,
              ...(segmentId ? { segmentId } : {}),
            },
          },
        }),
      ),
    [program.id, range.from, range.to, interval, segmentId, long],
  );
  if (report.loading && report.data === undefined) return <Loading />;
  if (report.data === undefined) return <ErrorBox error={report.error} onRetry={report.reload} />;
  return <KpiView report={report.data} loading={report.loading} />;
}

function KpiView({ report, loading }: { report: KpiReport; loading: boolean }) {
  const { t } = useTranslation('manage');
  const k = report.totals;
  const money = (v: number | null) => (v === null ? '—' : formatMoney(v, report.currency));
  const series = report.series.map((p) => ({ ...p, period: formatDay(p.period) }));
  const rows: [string, string][] = [
    [t('analytics.kpi.members'), formatNumber(k.members)],
    [t('analytics.kpi.newMembers'), formatNumber(k.newMembers)],
    [t('analytics.kpi.activeMembers'), formatNumber(k.activeMembers)],
    [t('analytics.kpi.engagementRate'), rate(k.engagementRate)],
    [t('analytics.kpi.purchases'), formatNumber(k.purchases)],
    [t('analytics.kpi.enrolmentRate'), rate(k.enrolmentRate)],
    [t('analytics.kpi.revenue'), money(k.revenue)],
    [t('analytics.kpi.repeatPurchaseRate'), rate(k.repeatPurchaseRate)],
    [
      t('analytics.kpi.purchaseFrequency'),
      k.purchaseFrequency === null ? '—' : formatNumber(k.purchaseFrequency, 2),
    ],
    [t('analytics.kpi.aovMembers'), money(k.averageOrderValue.members)],
    [t('analytics.kpi.aovNonMembers'), money(k.averageOrderValue.nonMembers)],
    [t('analytics.kpi.pointsEarned'), formatNumber(k.points.earned)],
    [t('analytics.kpi.pointsRedeemed'), formatNumber(k.points.redeemed)],
    [t('analytics.kpi.pointsExpired'), formatNumber(k.points.expired)],
    [t('analytics.kpi.redemptionRate'), rate(k.redemptionRate)],
    [t('analytics.kpi.breakageRate'), rate(k.breakageRate)],
    [t('analytics.kpi.redemptions'), formatNumber(k.redemptions)],
    [t('analytics.kpi.rewardCost'), money(k.rewardCost)],
    [t('analytics.kpi.liability'), `${formatNumber(k.liability.points)} (${money(k.liability.value)})`],
    [t('analytics.kpi.churnRate'), rate(k.churnRate)],
  ];
  return (
    <div aria-busy={loading}>
      <div className="stats">
        <Stat
          label={t('analytics.kpi.activeMembers')}
          value={formatNumber(k.activeMembers)}
          note={t('analytics.ofMembers', { count: k.members, members: formatNumber(k.members) })}
        />
        <Stat label={t('analytics.kpi.revenue')} value={money(k.revenue)} />
        <Stat label={t('analytics.kpi.repeatPurchaseRate')} value={rate(k.repeatPurchaseRate)} />
        <Stat label={t('analytics.kpi.redemptionRate')} value={rate(k.redemptionRate)} />
        <Stat
          label={t('analytics.kpi.liability')}
          value={money(k.liability.value)}
          note={t('analytics.pointsNote', {
            count: k.liability.points,
            points: formatNumber(k.liability.points),
          })}
        />
      </div>
      {report.source === 'rollup' && (
        <p className="muted small">{t('analytics.rollup', { at: formatDateTime(report.rollupBuiltAt) })}</p>
      )}
      <div className="grid charts-grid">
        <Card>
          <LineChartFigure
            title={t('analytics.chart.members')}
            data={series}
            xKey="period"
            series={[
              { key: 'activeMembers', label: t('analytics.kpi.activeMembers') },
              { key: 'newMembers', label: t('analytics.kpi.newMembers') },
            ]}
            formatValue={compactNumber}
          />
        </Card>
        <Card>
          <BarChartFigure
            title={t('analytics.chart.points')}
            data={series}
            xKey="period"
            series={[
              { key: 'pointsEarned', label: t('analytics.kpi.pointsEarned') },
              { key: 'pointsRedeemed', label: t('analytics.kpi.pointsRedeemed') },
              { key: 'pointsExpired', label: t('analytics.kpi.pointsExpired') },
            ]}
            formatValue={compactNumber}
          />
        </Card>
        <Card>
          <LineChartFigure
            title={`${t('analytics.chart.revenue')} (${report.currency})`}
            data={series.map((p) => ({ ...p, revenue: p.revenue / 10 ** minorDigits(report.currency) }))}
            xKey="period"
            series={[{ key: 'revenue', label: t('analytics.kpi.revenue') }]}
            formatValue={compactNumber}
          />
        </Card>
        <Card>
          <LineChartFigure
            title={t('analytics.chart.rates')}
            data={series}
            xKey="period"
            series={[
              { key: 'repeatPurchaseRate', label: t('analytics.kpi.repeatPurchaseRate') },
              { key: 'redemptionRate', label: t('analytics.kpi.redemptionRate') },
            ]}
            formatValue={(v) => formatPercent(v, 0)}
          />
        </Card>
      </div>
      <Card title={t('analytics.kpiTable')}>
        <div className="table-wrap">
          <table className="report kpi-table">
            <thead>
              <tr>
                <th scope="col">{t('analytics.kpiName')}</th>
                <th scope="col" className="num">
                  {t('analytics.kpiValue')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([label, value]) => (
                <tr key={label}>
                  <th scope="row">{label}</th>
                  <td className="num">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      {k.clvDistribution.length > 0 && (
        <Card>
          <BarChartFigure
            title={t('analytics.chart.clv')}
            data={k.clvDistribution.map((b) => ({
              band:
                b.to === null
                  ? `≥ ${formatMoney(b.from, report.currency)}`
                  : `${formatMoney(b.from, report.currency)}–${formatMoney(b.to, report.currency)}`,
              members: b.members,
            }))}
            xKey="band"
            series={[{ key: 'members', label: t('analytics.members') }]}
            formatValue={compactNumber}
          />
        </Card>
      )}
    </div>
  );
}
