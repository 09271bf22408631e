import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client.js';
import { BarChartFigure } from '../../../ui/charts.js';
import { Card, ErrorBox, Field, Stat } from '../../../ui/components.js';
import { formatDate, formatMoney, formatNumber } from '../../../ui/format.js';
import type { Backtest, Campaign } from '../api-types.js';
import { compactNumber, daysAgo, isoDay, useSubmit } from '../shared.js';

/** Replays past purchases against this campaign's draft next to the live rules: what would it have cost? */
export function BacktestPanel({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation('manage');
  const [from, setFrom] = useState(daysAgo(30));
  const [to, setTo] = useState(isoDay(new Date()));
  const [result, setResult] = useState<Backtest>();
  const submit = useSubmit();
  const run = () =>
    void submit.run(async () => {
      // Whole local days: from the start of `from` to the end of `to`.
      const start = new Date(`${from}T00:00:00`);
      const end = new Date(`${to}T00:00:00`);
      end.setDate(end.getDate() + 1);
      setResult(
        await unwrap(
          api.POST('/v1/campaigns/{id}/backtest', {
            params: { path: { id: campaign.id } },
            body: { from: start.toISOString(), to: end.toISOString() },
          }),
        ),
      );
    });
  return (
    <>
      <form
        className="card"
        aria-label={t('backtest.title')}
        onSubmit={(e) => {
          e.preventDefault();
          run();
        }}
      >
        <h2>{t('backtest.title')}</h2>
        <p className="muted">{t('backtest.intro')}</p>
        <div className="form-row">
          <Field label={t('backtest.from')} error={submit.errors['/from']}>
            {(props) => (
              <input {...props} type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
            )}
          </Field>
          <Field label={t('backtest.to')} error={submit.errors['/to']}>
            {(props) => (
              <input {...props} type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
            )}
          </Field>
        </div>
        <ErrorBox error={submit.error} />
        <div className="form-actions">
          <button type="submit" disabled={submit.sending}>
            {submit.sending ? t('backtest.running') : t('backtest.run')}
          </button>
        </div>
      </form>
      {result && <BacktestResult result={result} />}
    </>
  );
}

function BacktestResult({ result }: { result: Backtest }) {
  const { t } = useTranslation('manage');
  const currency = result.live.cost.currency;
  const names = new Map<string, { name: string; live: number; draft: number }>();
  for (const c of result.live.byCampaign) names.set(c.campaignId, { name: c.name, live: c.points, draft: 0 });
  for (const c of result.draft.byCampaign) {
    const row = names.get(c.campaignId) ?? { name: c.name, live: 0, draft: 0 };
    names.set(c.campaignId, { ...row, draft: c.points });
  }
  const chart = [...names.values()].map((r) => ({ campaign: r.name, live: r.live, draft: r.draft }));
  return (
    <Card
      title={t('backtest.result', {
        from: formatDate(result.from),
        to: formatDate(new Date(Date.parse(result.to) - 1)),
      })}
    >
      <div className="stats" role="status">
        <Stat
          label={t('backtest.purchases')}
          value={formatNumber(result.purchases)}
          note={t('backtest.events', { count: result.events })}
        />
        <Stat
          label={t('backtest.livePoints')}
          value={formatNumber(result.live.points)}
          note={t('backtest.membersCost', {
            members: formatNumber(result.live.members),
            cost: result.live.cost.formatted,
          })}
        />
        <Stat
          label={t('backtest.draftPoints')}
          value={formatNumber(result.draft.points)}
          note={t('backtest.membersCost', {
            members: formatNumber(result.draft.members),
            cost: result.draft.cost.formatted,
          })}
        />
        <Stat
          label={t('backtest.difference')}
          value={`${result.difference.points > 0 ? '+' : ''}${formatNumber(result.difference.points)}`}
          note={formatMoney(result.difference.costMinor, currency)}
        />
      </div>
      {chart.length > 0 && (
        <BarChartFigure
          title={t('backtest.chart')}
          data={chart}
          xKey="campaign"
          series={[
            { key: 'live', label: t('backtest.live') },
            { key: 'draft', label: t('backtest.withDraft') },
          ]}
          formatValue={compactNumber}
        />
      )}
      <div className="table-wrap">
        <table>
          <caption>{t('backtest.byCampaign')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('explain.campaign')}</th>
              <th scope="col" className="num">
                {t('backtest.live')}
              </th>
              <th scope="col" className="num">
                {t('backtest.withDraft')}
              </th>
            </tr>
          </thead>
          <tbody>
            {chart.map((row) => (
              <tr key={row.campaign}>
                <td>{row.campaign}</td>
                <td className="num">{formatNumber(row.live)}</td>
                <td className="num">{formatNumber(row.draft)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.biggestChanges.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('backtest.biggest')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('members.member')}</th>
                <th scope="col" className="num">
                  {t('backtest.live')}
                </th>
                <th scope="col" className="num">
                  {t('backtest.withDraft')}
                </th>
                <th scope="col" className="num">
                  {t('backtest.difference')}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.biggestChanges.map((m) => (
                <tr key={m.memberId}>
                  <td>
                    <Link to={`/admin/members/${m.memberId}`}>
                      <code className="break">{m.memberId}</code>
                    </Link>
                  </td>
                  <td className="num">{formatNumber(m.live)}</td>
                  <td className="num">{formatNumber(m.draft)}</td>
                  <td className="num">{`${m.difference > 0 ? '+' : ''}${formatNumber(m.difference)}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
