import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../api/client.js';
import { Card, EmptyState, ErrorBox, Field, Stat } from '../../../ui/components.js';
import { formatMoney, formatNumber } from '../../../ui/format.js';
import { useProgram } from '../../context.js';
import type { Settlement } from '../api-types.js';
import { formatDay, isoDay, useSubmit } from '../shared.js';

function lastMonth(): { from: string; to: string } {
  const now = new Date();
  const first = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const last = new Date(now.getFullYear(), now.getMonth(), 0);
  return { from: isoDay(first), to: isoDay(last) };
}

/** Points issued and redeemed at each partner in a period, valued at the agreed rates and netted. */
export function SettlementReport() {
  const { t } = useTranslation('manage');
  const { program } = useProgram();
  const [range, setRange] = useState(lastMonth);
  const [report, setReport] = useState<Settlement>();
  const submit = useSubmit();
  const money = (minor: number) => formatMoney(minor, report?.currency ?? program.currency);
  const run = () =>
    void submit.run(async () => {
      setReport(
        await unwrap(
          api.GET('/v1/programs/{id}/reports/partner-settlement', {
            params: { path: { id: program.id }, query: range },
          }),
        ),
      );
    });
  return (
    <Card title={t('partners.settlement')}>
      <form
        className="filters"
        aria-label={t('partners.settlementPeriod')}
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <Field label={t('analytics.from')} error={submit.errors['/from']}>
          {(props) => (
            <input
              {...props}
              type="date"
              required
              value={range.from}
              onChange={(e) => setRange({ ...range, from: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('analytics.to')} error={submit.errors['/to']}>
          {(props) => (
            <input
              {...props}
              type="date"
              required
              value={range.to}
              onChange={(e) => setRange({ ...range, to: e.target.value })}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" disabled={submit.sending}>
            {t('partners.runSettlement')}
          </button>
        </div>
      </form>
      <ErrorBox error={submit.error} />
      {report && (
        <div role="status">
          <p className="muted">
            {t('partners.settlementFor', {
              from: formatDay(report.from),
              to: formatDay(report.to),
              tz: report.timezone,
            })}
          </p>
          <div className="stats">
            <Stat
              label={t('partners.issuedPoints')}
              value={formatNumber(report.totals.issuedPoints)}
              note={money(report.totals.issuedMinor)}
            />
            <Stat
              label={t('partners.redeemedPoints')}
              value={formatNumber(report.totals.redeemedPoints)}
              note={money(report.totals.redeemedMinor)}
            />
            <Stat
              label={t('partners.net')}
              value={money(report.totals.netMinor)}
              note={report.totals.netMinor >= 0 ? t('partners.netPartnersPay') : t('partners.netProgramPays')}
            />
          </div>
          {report.partners.length === 0 ? (
            <EmptyState>{t('partners.noActivity')}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="report">
                <caption className="visually-hidden">{t('partners.settlement')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('partners.name')}</th>
                    <th scope="col" className="num">
                      {t('partners.issuedPoints')}
                    </th>
                    <th scope="col" className="num">
                      {t('partners.owedByPartner')}
                    </th>
                    <th scope="col" className="num">
                      {t('partners.redeemedPoints')}
                    </th>
                    <th scope="col" className="num">
                      {t('partners.owedToPartner')}
                    </th>
                    <th scope="col" className="num">
                      {t('partners.net')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {report.partners.map((p) => (
                    <tr key={p.partnerId}>
                      <th scope="row">{p.name}</th>
                      <td className="num">{formatNumber(p.issued.points)}</td>
                      <td className="num">{money(p.issued.valueMinor)}</td>
                      <td className="num">{formatNumber(p.redeemed.points)}</td>
                      <td className="num">{money(p.redeemed.valueMinor)}</td>
                      <td className="num">{money(p.netMinor)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
