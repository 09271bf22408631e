import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { BarChartFigure, LineChartFigure } from '../../ui/charts.js';
import { Card, ErrorBox, Loading, PageHeader, Stat } from '../../ui/components.js';
import { formatDateTime, formatMoney, formatNumber, formatPercent } from '../../ui/format.js';
import { useAsync } from '../../ui/use-async.js';
import { useProgram } from '../context.js';
import { compactMoney, compactNumber, type KpiReport } from '../lib.js';
import { usePageTitle } from '../page-title.js';
import { kpiRows, periodLabel, type RangeKey, rangeQuery } from './kpi-rows.js';

const rate = (value: number | null) => (value === null ? '—' : formatPercent(value));

/** The program at a glance: headline figures for the range and how they moved, period by period. */
export function DashboardPage() {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const [range, setRange] = useState<RangeKey>('12m');
  const rangeId = useId();
  usePageTitle(t('dashboard.title'));

  const kpis = useAsync(
    () =>
      unwrap(
        api.GET('/v1/programs/{id}/reports/kpis', {
          params: { path: { id: program.id }, query: rangeQuery(range, program.timezone) },
        }),
      ),
    [program.id, program.timezone, range],
  );

  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        actions={
          <div className="inline-field">
            <label htmlFor={rangeId}>{t('dashboard.range')}</label>
            <select id={rangeId} value={range} onChange={(event) => setRange(event.target.value as RangeKey)}>
              <option value="30d">{t('dashboard.last30Days')}</option>
              <option value="12m">{t('dashboard.last12Months')}</option>
            </select>
          </div>
        }
      >
        <p className="muted">{program.name}</p>
      </PageHeader>
      {kpis.error !== undefined && <ErrorBox error={kpis.error} onRetry={kpis.reload} />}
      {kpis.data === undefined ? (
        kpis.error === undefined && <Loading />
      ) : (
        <KpiView report={kpis.data} busy={kpis.loading} />
      )}
      <LiabilitySection key={program.id} programId={program.id} />
    </>
  );
}

function KpiView({ report, busy }: { report: KpiReport; busy: boolean }) {
  const { t } = useTranslation('console');
  const totals = report.totals;
  const rows = kpiRows(report);
  const money = (minor: number) => formatMoney(minor, report.currency);
  const axisMoney = (minor: number) => compactMoney(minor, report.currency);
  const percent = (value: number) => formatPercent(value, 0);
  return (
    <div aria-busy={busy}>
      <section className="stats" aria-label={t('dashboard.headline')}>
        <Stat
          label={t('dashboard.members')}
          value={formatNumber(totals.members)}
          note={t('dashboard.newInRange', {
            count: totals.newMembers,
            formatted: formatNumber(totals.newMembers),
          })}
        />
        <Stat
          label={t('dashboard.activeMembers')}
          value={formatNumber(totals.activeMembers)}
          note={
            totals.engagementRate === null
              ? undefined
              : t('dashboard.engagement', { rate: rate(totals.engagementRate) })
          }
        />
        <Stat label={t('dashboard.pointsEarned')} value={formatNumber(totals.points.earned)} />
        <Stat label={t('dashboard.pointsRedeemed')} value={formatNumber(totals.points.redeemed)} />
        <Stat label={t('dashboard.pointsExpired')} value={formatNumber(totals.points.expired)} />
        <Stat
          label={t('dashboard.liability')}
          value={money(totals.liability.value)}
          note={t('dashboard.liabilityPoints', { formatted: formatNumber(totals.liability.points) })}
        />
        <Stat label={t('dashboard.repeatPurchaseRate')} value={rate(totals.repeatPurchaseRate)} />
        <Stat label={t('dashboard.redemptionRate')} value={rate(totals.redemptionRate)} />
        <Stat
          label={t('dashboard.revenue')}
          value={money(totals.revenue)}
          note={t('dashboard.purchases', { formatted: formatNumber(totals.purchases) })}
        />
      </section>
      {report.source === 'rollup' && report.rollupBuiltAt !== null && (
        <p className="muted small">
          {t('dashboard.rollupNote', { at: formatDateTime(report.rollupBuiltAt) })}
        </p>
      )}
      <div className="chart-grid">
        <Card>
          <LineChartFigure
            title={t('dashboard.membersOverTime')}
            integer
            data={rows}
            xKey="label"
            series={[
              { key: 'members', label: t('dashboard.members') },
              { key: 'activeMembers', label: t('dashboard.activeMembers') },
            ]}
            formatValue={compactNumber}
          />
        </Card>
        <Card>
          <BarChartFigure
            title={t('dashboard.pointsOverTime')}
            integer
            data={rows}
            xKey="label"
            series={[
              { key: 'pointsEarned', label: t('dashboard.pointsEarned') },
              { key: 'pointsRedeemed', label: t('dashboard.pointsRedeemed') },
              { key: 'pointsExpired', label: t('dashboard.pointsExpired') },
            ]}
            formatValue={compactNumber}
          />
        </Card>
        <Card>
          <LineChartFigure
            title={t('dashboard.ratesOverTime')}
            data={rows}
            xKey="label"
            series={[
              { key: 'repeatPurchaseRate', label: t('dashboard.repeatPurchaseRate') },
              { key: 'redemptionRate', label: t('dashboard.redemptionRate') },
            ]}
            formatValue={percent}
          />
        </Card>
        <Card>
          <BarChartFigure
            title={t('dashboard.revenueOverTime')}
            data={rows}
            xKey="label"
            series={[{ key: 'revenue', label: t('dashboard.revenue') }]}
            formatValue={axisMoney}
          />
        </Card>
      </div>
    </div>
  );
}

/** Age buckets of the liability report, in the order the server returns them. */
const AGE_KEYS = ['age0', 'age1', 'age2', 'age3', 'age4'];

/**
 * The liability breakdown walks every open lot and cohort, which takes seconds on a large program (and holds the
 * embedded database meanwhile), so it is computed when asked for rather than on every visit to the dashboard.
 */
function LiabilitySection({ programId }: { programId: string }) {
  const { t } = useTranslation('console');
  const [requested, setRequested] = useState(false);
  return (
    <section aria-labelledby="liability-heading">
      <h2 id="liability-heading">{t('dashboard.liabilityHeading')}</h2>
      {requested ? (
        <LiabilityView programId={programId} />
      ) : (
        <>
          <p className="muted">{t('dashboard.liabilityIntro')}</p>
          <button type="button" className="secondary" onClick={() => setRequested(true)}>
            {t('dashboard.showLiability')}
          </button>
        </>
      )}
    </section>
  );
}

function LiabilityView({ programId }: { programId: string }) {
  const { t } = useTranslation('console');
  const liability = useAsync(
    () => unwrap(api.GET('/v1/programs/{id}/reports/liability', { params: { path: { id: programId } } })),
    [programId],
  );
  const data = liability.data;
  if (liability.error !== undefined) return <ErrorBox error={liability.error} onRetry={liability.reload} />;
  if (data === undefined) return <Loading />;
  const money = (minor: number) => formatMoney(minor, data.currency);
  const byAge = data.byAge.map((b, i) => ({
    label: t(`dashboard.${AGE_KEYS[i] ?? 'age4'}`, { defaultValue: b.label }),
    value: b.valueMinor,
  }));
  const byExpiry = data.byExpiryMonth.map((b) => ({
    label: b.label === 'never' ? t('dashboard.neverExpires') : periodLabel(`${b.label}-01`, 'month'),
    points: b.points,
  }));
  // Only closed cohorts have a breakage rate that will not change; open ones would show a misleading zero.
  const breakage = data.breakage.cohorts
    .filter((c) => c.closed && c.rate !== null)
    .map((c) => ({
      label: periodLabel(`${c.cohort}-01`, 'month'),
      rate: c.rate,
    }));
  return (
    <>
      <p className="muted">
        {t('dashboard.liabilitySummary', {
          value: money(data.outstanding.valueMinor),
          points: formatNumber(data.outstanding.net),
          breakage: rate(data.breakage.rate),
        })}
      </p>
      <div className="chart-grid">
        <Card>
          <BarChartFigure
            title={t('dashboard.liabilityByAge')}
            data={byAge}
            xKey="label"
            series={[{ key: 'value', label: t('dashboard.liability') }]}
            formatValue={(v) => compactMoney(v, data.currency)}
          />
        </Card>
        <Card>
          <BarChartFigure
            title={t('dashboard.expiryByMonth')}
            data={byExpiry}
            xKey="label"
            series={[{ key: 'points', label: t('dashboard.points') }]}
            formatValue={compactNumber}
          />
        </Card>
        {breakage.length > 0 && (
          <Card>
            <BarChartFigure
              title={t('dashboard.breakageByCohort')}
              data={breakage}
              xKey="label"
              series={[{ key: 'rate', label: t('dashboard.breakage') }]}
              formatValue={(v) => formatPercent(v, 0)}
            />
          </Card>
        )}
      </div>
    </>
  );
}
