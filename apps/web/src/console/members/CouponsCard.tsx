import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Loading } from '../../ui/components.js';
import { formatDate, formatMoney, formatPercent } from '../../ui/format.js';
import { useAsync } from '../../ui/use-async.js';
import { useProgram } from '../context.js';

const BADGE: Record<string, string> = {
  issued: 'badge ok',
  redeemed: 'badge',
  void: 'badge bad',
  expired: 'badge bad',
};

/** An issued coupon past its validity is no longer usable: say so instead of "issued". */
function shownStatus(c: { status: string; validUntil: string | null }, now: Date): string {
  return c.status === 'issued' && c.validUntil !== null && new Date(c.validUntil) < now
    ? 'expired'
    : c.status;
}

/** The member's coupons: from rewards they redeemed, from rules, or handed out in a series. */
export function CouponsCard({ memberId }: { memberId: string }) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const coupons = useAsync(
    () => unwrap(api.GET('/v1/members/{id}/coupons', { params: { path: { id: memberId } } })),
    [memberId],
  );
  return (
    <Card title={t('coupons.title')}>
      {coupons.error !== undefined && <ErrorBox error={coupons.error} onRetry={coupons.reload} />}
      {coupons.data === undefined && coupons.error === undefined && <Loading />}
      {coupons.data !== undefined &&
        (coupons.data.items.length === 0 ? (
          <p className="muted small">{t('coupons.none')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('coupons.code')}</th>
                  <th scope="col">{t('coupons.name')}</th>
                  <th scope="col">{t('coupons.discount')}</th>
                  <th scope="col">{t('coupons.status')}</th>
                  <th scope="col">{t('coupons.validUntil')}</th>
                </tr>
              </thead>
              <tbody>
                {coupons.data.items.map((c) => {
                  const status = shownStatus(c, new Date());
                  return (
                    <tr key={c.id}>
                      <td>
                        <code>{c.code}</code>
                      </td>
                      <td>{c.name}</td>
                      <td>
                        {c.discount.type === 'percent'
                          ? formatPercent(c.discount.value / 100, 2)
                          : formatMoney(c.discount.value, program.currency)}
                      </td>
                      <td>
                        <span className={BADGE[status] ?? 'badge'}>{t(`coupons.statuses.${status}`)}</span>
                      </td>
                      <td>{formatDate(c.validUntil)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
    </Card>
  );
}
