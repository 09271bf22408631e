import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../../api/client.js';
import { EmptyState, ErrorBox, Loading } from '../../../ui/components.js';
import { formatDate, formatNumber } from '../../../ui/format.js';
import type { Coupon, CouponSeries } from '../api-types.js';
import { useSubmit } from '../shared.js';
import { StatusBadge } from '../widgets.js';

const PAGE = 50;
const TONES = { issued: 'ok', redeemed: 'neutral', void: 'bad' } as const;

export function CouponStatus({ status }: { status: Coupon['status'] }) {
  const { t } = useTranslation('manage');
  return <StatusBadge tone={TONES[status]}>{t(`coupons.status.${status}`)}</StatusBadge>;
}

/** The codes of one series, in creation order, a page at a time. */
export function SeriesCodes({ series }: { series: CouponSeries }) {
  const { t } = useTranslation('manage');
  const [codes, setCodes] = useState<Coupon[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [started, setStarted] = useState(false);
  const submit = useSubmit();
  const load = (after?: string) =>
    void submit.run(async () => {
      const page = await unwrap(
        api.GET('/v1/coupon-series/{id}/codes', {
          params: { path: { id: series.id }, query: { limit: PAGE, ...(after ? { after } : {}) } },
        }),
      );
      setCodes((current) => (after ? [...current, ...page.items] : page.items));
      setNext(page.next);
      setStarted(true);
    });
  const count = series.generation.generated + series.imported;
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the first page as generated codes arrive
  useEffect(() => load(), [series.id, count]);

  return (
    <section className="card" aria-labelledby="codes-heading">
      <h2 id="codes-heading">{t('coupons.codesOf', { name: series.name })}</h2>
      {!started && submit.sending && <Loading />}
      <ErrorBox error={submit.error} onRetry={() => load()} />
      {started && codes.length === 0 && <EmptyState>{t('coupons.noCodes')}</EmptyState>}
      {codes.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('coupons.code')}</th>
                <th scope="col">{t('coupons.statusLabel')}</th>
                <th scope="col" className="num">
                  {t('coupons.uses')}
                </th>
                <th scope="col">{t('coupons.validUntil')}</th>
                <th scope="col">{t('coupons.memberLabel')}</th>
              </tr>
            </thead>
            <tbody>
              {codes.map((c) => (
                <tr key={c.id}>
                  <td>
                    <code>{c.code}</code>
                  </td>
                  <td>
                    <CouponStatus status={c.status} />
                  </td>
                  <td className="num">
                    {formatNumber(c.redemptions)}
                    {c.maxRedemptions !== null && ` / ${formatNumber(c.maxRedemptions)}`}
                  </td>
                  <td>{formatDate(c.validUntil)}</td>
                  <td>
                    {c.memberId ? (
                      <Link to={`/admin/members/${c.memberId}`}>
                        <code className="break">{c.memberId}</code>
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next !== null && (
        <div className="form-actions">
          <button type="button" className="secondary" disabled={submit.sending} onClick={() => load(next)}>
            {t('shared.loadMore')}
          </button>
        </div>
      )}
    </section>
  );
}
