import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { BarChartFigure } from '../../../ui/charts.js';
import { Card, ErrorBox, Loading } from '../../../ui/components.js';
import { formatDateTime, formatMoney, formatNumber, formatPercent } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import { useProgram } from '../../context.js';
import type { Distribution, RfmReport } from '../api-types.js';
import { compactNumber, SuccessMessage, useCanWrite, useSubmit } from '../shared.js';

const SCORES = [5, 4, 3, 2, 1];

/** RFM segments and the recency × frequency grid, and the four loyalty types, from the last metrics refresh. */
export function RfmSection() {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const canWrite = useCanWrite();
  const rfm = useAsync(
    () => unwrap(api.GET('/v1/programs/{id}/analytics/rfm', { params: { path: { id: program.id } } })),
    [program.id],
  );
  const types = useAsync(
    () =>
      unwrap(api.GET('/v1/programs/{id}/analytics/loyalty-types', { params: { path: { id: program.id } } })),
    [program.id],
  );
  const refresh = useSubmit();
  return (
    <>
      <div className="section-header">
        <p className="muted">
          {rfm.data?.computedAt
            ? t('analytics.rfm.computedAt', { at: formatDateTime(rfm.data.computedAt) })
            : t('analytics.rfm.never')}
        </p>
        {canWrite && (
          <button
            type="button"
            className="secondary"
            disabled={refresh.sending}
            onClick={() =>
              void refresh.run(
                () =>
                  unwrap(
                    api.POST('/v1/programs/{id}/analytics/refresh', { params: { path: { id: program.id } } }),
                  ),
                t('analytics.rfm.refreshQueued'),
              )
            }
          >
            {t('analytics.rfm.refresh')}
          </button>
        )}
      </div>
      <ErrorBox error={refresh.error} />
      <SuccessMessage>{refresh.success}</SuccessMessage>
      {rfm.loading && <Loading />}
      <ErrorBox error={rfm.error} onRetry={rfm.reload} />
      {rfm.data && <RfmView report={rfm.data} />}
      <ErrorBox error={types.error} onRetry={types.reload} />
      {types.data && <LoyaltyTypes report={types.data} />}
    </>
  );
}

function RfmView({ report }: { report: RfmReport }) {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const cell = (r: number, f: number) => report.grid.find((g) => g.r === r && g.f === f);
  const max = Math.max(1, ...report.grid.map((g) => g.members));
  return (
    <>
      <Card title={t('analytics.rfm.grid')}>
        <p className="muted small">{t('analytics.rfm.gridIntro')}</p>
        <div className="table-wrap">
          <table className="report rfm-grid">
            <caption className="visually-hidden">{t('analytics.rfm.grid')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('analytics.rfm.recencyFrequency')}</th>
                {[1, 2, 3, 4, 5].map((f) => (
                  <th scope="col" className="num" key={f}>
                    F{f}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {SCORES.map((r) => (
                <tr key={r}>
                  <th scope="row">R{r}</th>
                  {[1, 2, 3, 4, 5].map((f) => {
                    const c = cell(r, f);
                    const share = (c?.members ?? 0) / max;
                    return (
                      <td
                        key={f}
                        className="num heat"
                        style={{ background: `hsl(160 60% ${Math.round(97 - share * 40)}%)` }}
                        title={c ? formatMoney(c.monetary, program.currency) : undefined}
                      >
                        {formatNumber(c?.members ?? 0)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
      <Card title={t('analytics.rfm.segments')}>
        <BarChartFigure
          title={t('analytics.rfm.segmentsChart')}
          data={report.data.map((d) => ({
            segment: t(`rfm.${d.key}`, { defaultValue: d.key }),
            members: d.members,
          }))}
          xKey="segment"
          series={[{ key: 'members', label: t('analytics.members') }]}
          height={280}
          formatValue={compactNumber}
        />
        <ShareTable rows={report.data} prefix="rfm" />
      </Card>
    </>
  );
}

function LoyaltyTypes({ report }: { report: Distribution }) {
  const { t } = useTranslation('manage');
  return (
    <Card title={t('analytics.loyaltyTypes')}>
      <p className="muted small">{t('analytics.loyaltyTypesIntro')}</p>
      <BarChartFigure
        title={t('analytics.loyaltyTypes')}
        data={report.data.map((d) => ({
          type: t(`loyaltyTypes.${d.key}`, { defaultValue: d.key }),
          members: d.members,
        }))}
        xKey="type"
        series={[{ key: 'members', label: t('analytics.members') }]}
        formatValue={compactNumber}
      />
      <ShareTable rows={report.data} prefix="loyaltyTypes" />
    </Card>
  );
}

function ShareTable({ rows, prefix }: { rows: Distribution['data']; prefix: string }) {
  const { t } = useTranslation('manage');
  return (
    <div className="table-wrap">
      <table className="report">
        <thead>
          <tr>
            <th scope="col">{t('analytics.group')}</th>
            <th scope="col" className="num">
              {t('analytics.members')}
            </th>
            <th scope="col" className="num">
              {t('analytics.share')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.key}>
              <th scope="row">{t(`${prefix}.${d.key}`, { defaultValue: d.key })}</th>
              <td className="num">{formatNumber(d.members)}</td>
              <td className="num">{formatPercent(d.share)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
