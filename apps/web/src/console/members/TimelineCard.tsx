import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Loading } from '../../ui/components.js';
import { formatDateTime } from '../../ui/format.js';
import { useAsync } from '../../ui/use-async.js';
import { useProgram } from '../context.js';
import { walletAmount, walletName } from './BalancesCard.js';

/** The activity API answers the newest entries up to a limit; "show more" asks for a longer tail, up to its cap. */
const STEP = 25;
const MAX = 200;

/** The member's ledger, newest first; every line says why it happened (rule, reward, adjustment and who did it). */
export function TimelineCard({ memberId, version }: { memberId: string; version: number }) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const [limit, setLimit] = useState(STEP);
  const activity = useAsync(
    () =>
      unwrap(api.GET('/v1/members/{id}/activity', { params: { path: { id: memberId }, query: { limit } } })),
    [memberId, limit, version],
  );
  const wallets = useAsync(
    async () =>
      (await unwrap(api.GET('/v1/programs/{id}/wallets', { params: { path: { id: program.id } } }))).data,
    [program.id],
  );
  const units = new Map((wallets.data ?? []).map((w) => [w.code, w.unit]));
  const entries = activity.data?.data ?? [];
  const more = entries.length === limit && limit < MAX;

  return (
    <Card title={t('timeline.title')} className="timeline">
      {activity.error !== undefined && <ErrorBox error={activity.error} onRetry={activity.reload} />}
      {activity.data === undefined && activity.error === undefined && <Loading />}
      {activity.data !== undefined &&
        (entries.length === 0 ? (
          <p className="muted">{t('timeline.empty')}</p>
        ) : (
          <div className="table-wrap" aria-busy={activity.loading}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('timeline.when')}</th>
                  <th scope="col">{t('timeline.what')}</th>
                  <th scope="col" className="num">
                    {t('timeline.change')}
                  </th>
                  <th scope="col">{t('timeline.explanation')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => {
                  const sign = entry.amount > 0 ? '+' : entry.amount < 0 ? '−' : '';
                  const size = Math.abs(entry.amount);
                  const figure = walletAmount(
                    { unit: units.get(entry.wallet) ?? 'points' },
                    size,
                    program.currency,
                  );
                  return (
                    <tr key={entry.id}>
                      <td className="nowrap">{formatDateTime(entry.occurredAt)}</td>
                      <td>
                        {t(`journalKinds.${entry.kind}`, { defaultValue: entry.kind.replace(/_/g, ' ') })}
                      </td>
                      <td className={`num ${entry.amount < 0 ? 'negative' : 'positive'}`}>
                        {sign}
                        {figure}
                        {entry.wallet !== 'points' && (
                          <span className="muted small"> {walletName(entry.wallet, program)}</span>
                        )}
                      </td>
                      <td>
                        <div>{entry.explanation}</div>
                        {(entry.reason !== null || entry.actor !== null || entry.reference !== null) && (
                          <div className="muted small">
                            {[
                              entry.reason !== null
                                ? t('timeline.reason', { reason: entry.reason })
                                : undefined,
                              entry.actor !== null ? t('timeline.actor', { actor: entry.actor }) : undefined,
                              entry.reference !== null
                                ? t('timeline.reference', { reference: entry.reference })
                                : undefined,
                            ]
                              .filter(Boolean)
                              .join(' · ')}
                          </div>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
      {more && (
        <button
          type="button"
          className="secondary"
          disabled={activity.loading}
          onClick={() => setLimit(Math.min(limit + STEP * 2, MAX))}
        >
          {t('timeline.showMore')}
        </button>
      )}
    </Card>
  );
}
