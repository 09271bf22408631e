import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { portalApi, unwrap } from '../api/client.js';
import { ErrorBox, Loading } from '../ui/components.js';
import { formatMoney, formatNumber } from '../ui/format.js';
import { useAsync } from '../ui/use-async.js';
import { Barcode, QrCode } from './codes.js';
import { portalPath, usePortal } from './context.js';
import { useDay, usePageTitle } from './page.js';
import type { Coupons } from './types.js';

type Coupon = Coupons['items'][number];

const STATE_BADGE: Record<Coupon['state'], string> = {
  active: 'ok',
  scheduled: 'warn',
  expired: 'bad',
  redeemed: '',
  void: 'bad',
};

/** "€5 off, on purchases of €25 or more" / "10% off". */
export function useCouponValue(): (coupon: Pick<Coupon, 'discount' | 'minSpend' | 'currency'>) => string {
  const { t } = useTranslation('portal');
  return (coupon) => {
    const off =
      coupon.discount.type === 'percent'
        ? t('coupons.percentOff', { percent: formatNumber(coupon.discount.value) })
        : t('coupons.amountOff', { money: formatMoney(coupon.discount.value, coupon.currency) });
    return coupon.minSpend > 0
      ? t('coupons.withMinSpend', { value: off, money: formatMoney(coupon.minSpend, coupon.currency) })
      : off;
  };
}

/** A code as text to type in online, a QR code for a phone-reading till and a CODE128 barcode for a laser scanner. */
export function CouponCodes({ code }: { code: string }) {
  const { t } = useTranslation('portal');
  return (
    <div className="coupon-codes">
      <p className="coupon-code">
        <span className="visually-hidden">{t('coupons.codeLabel')} </span>
        <code>{code}</code>
      </p>
      <div className="scan-codes">
        <QrCode value={code} label={t('coupons.qrLabel', { code })} size={168} />
        <Barcode value={code} label={t('coupons.barcodeLabel', { code })} height={64} />
      </div>
    </div>
  );
}

/** The member's coupons: usable ones with their codes first, used and expired ones after, without codes to scan. */
export function CouponsPage() {
  const { t } = useTranslation('portal');
  const { slug } = usePortal();
  const day = useDay();
  const value = useCouponValue();
  const coupons = useAsync(() => unwrap(portalApi.GET('/v1/portal/me/coupons')), []);
  usePageTitle(t('coupons.title'));

  const usable = coupons.data?.items.filter((c) => c.state === 'active' || c.state === 'scheduled') ?? [];
  const past = coupons.data?.items.filter((c) => c.state !== 'active' && c.state !== 'scheduled') ?? [];

  return (
    <>
      <h1>{t('coupons.title')}</h1>
      {coupons.error !== undefined ? (
        <ErrorBox error={coupons.error} onRetry={coupons.reload} />
      ) : coupons.data === undefined ? (
        <Loading />
      ) : coupons.data.items.length === 0 ? (
        <div className="card">
          <p className="empty">{t('coupons.empty')}</p>
          <Link className="button" to={portalPath(slug, 'rewards')}>
            {t('coupons.toRewards')}
          </Link>
        </div>
      ) : (
        <>
          {usable.length === 0 && <p className="empty">{t('coupons.noneUsable')}</p>}
          <ul className="coupon-list">
            {usable.map((coupon) => (
              <li key={coupon.id} className="card coupon">
                <div className="coupon-head">
                  <h2>{coupon.name}</h2>
                  <span className={`badge ${STATE_BADGE[coupon.state]}`}>
                    {t(`coupons.state.${coupon.state}`)}
                  </span>
                </div>
                <p className="coupon-value">{value(coupon)}</p>
                <p className="muted">
                  {coupon.state === 'scheduled'
                    ? t('coupons.validFrom', { from: day(coupon.validFrom), until: day(coupon.validUntil) })
                    : t('coupons.validUntil', { date: day(coupon.validUntil) })}
                </p>
                <CouponCodes code={coupon.code} />
              </li>
            ))}
          </ul>
          {past.length > 0 && (
            <section className="card" aria-labelledby="past-coupons">
              <h2 id="past-coupons">{t('coupons.past')}</h2>
              <ul className="past-coupons">
                {past.map((coupon) => (
                  <li key={coupon.id}>
                    <div>
                      <strong>{coupon.name}</strong>
                      <span className="muted">
                        {' '}
                        · {value(coupon)} · <code>{coupon.code}</code>
                      </span>
                    </div>
                    <span className={`badge ${STATE_BADGE[coupon.state]}`}>
                      {coupon.state === 'expired'
                        ? t('coupons.expiredOn', { date: day(coupon.validUntil) })
                        : t(`coupons.state.${coupon.state}`)}
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </>
  );
}
