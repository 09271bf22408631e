import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { Card, EmptyState, ErrorBox, Loading } from '../../../ui/components.js';
import { formatNumber, formatPercent } from '../../../ui/format.js';
import { useAsync } from '../../../ui/use-async.js';
import { useProgram } from '../../context.js';
import { NumberInput } from '../inputs.js';
import type { Range } from './AnalyticsPage.js';

/**
 * Background of a retention cell: darker is higher. Light cells (lightness ≥ 56 %) carry dark text and dark cells
 * (≤ 42 %) white text; the lightnesses in between are skipped because neither text colour reaches 4.5:1 on them.
 */
function cellStyle(share: number): React.CSSProperties {
  const s = Math.max(0, Math.min(1, share));
  if (s < 0.5) return { background: `hsl(207 70% ${Math.round(97 - s * 82)}%)`, color: '#1b1f24' };
  return { background: `hsl(207 70% ${Math.round(42 - (s - 0.5) * 24)}%)`, color: '#ffffff' };
}

/** Monthly first-purchase cohorts and the share of each that bought again in the months after. */
export function CohortsSection({ range }: { range: Range }) {
  const { t, i18n } = useTranslation('manage');
  const { program } = useProgram();
  const [months, setMonths] = useState<number | undefined>(12);
  const span = Math.min(36, Math.max(1, months ?? 12));
  const report = useAsync(
    () =>
      unwrap(
        api.GET('/v1/programs/{id}/reports/cohorts', {
          params: { path: { id: program.id }, query: { ...range, months: span } },
        }),
      ),
    [program.id, range.from, range.to, span],
  );
  const monthName = new Intl.DateTimeFormat(i18n.language, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return (
    <Card title={t('analytics.cohorts.title')}>
      <p className="muted">{t('analytics.cohorts.intro')}</p>
      <div className="filters">
        <NumberInput label={t('analytics.cohorts.months')} integer value={months} onChange={setMonths} />
      </div>
      {report.loading && <Loading />}
      <ErrorBox error={report.error} onRetry={report.reload} />
      {report.data && report.data.cohorts.length === 0 && (
        <EmptyState>{t('analytics.cohorts.empty')}</EmptyState>
      )}
      {report.data && report.data.cohorts.length > 0 && (
        <div className="table-wrap">
          <p className="muted small" aria-hidden="true">
            {t('analytics.cohorts.monthsAfter')}
          </p>
          <table className="report cohorts">
            <caption className="visually-hidden">{t('analytics.cohorts.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('analytics.cohorts.cohort')}</th>
                <th scope="col" className="num">
                  {t('analytics.members')}
                </th>
                {Array.from({ length: report.data.months }, (_, m) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: month offsets are the identity of these columns
                  <th scope="col" className="num" key={m}>
                    <span aria-hidden="true">+{m}</span>
                    <span className="visually-hidden">{t('analytics.cohorts.month', { n: m })}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {report.data.cohorts.map((c) => {
                const label = monthName.format(new Date(`${c.cohort}T00:00:00Z`));
                return (
                  <tr key={c.cohort}>
                    <th scope="row">{label}</th>
                    <td className="num">{formatNumber(c.members)}</td>
                    {c.retention.map((share, m) =>
                      share === null ? (
                        // biome-ignore lint/suspicious/noArrayIndexKey: month offset
                        <td key={m} className="num muted" aria-label={t('analytics.cohorts.future')}>
                          ·
                        </td>
                      ) : (
                        // biome-ignore lint/suspicious/noArrayIndexKey: month offset
                        <td key={m} className="num heat" style={cellStyle(share)}>
                          {formatPercent(share, 0)}
                        </td>
                      ),
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
