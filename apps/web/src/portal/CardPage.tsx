import { useTranslation } from 'react-i18next';
import { portalApi, unwrap } from '../api/client.js';
import { ErrorBox, Loading } from '../ui/components.js';
import { useAsync } from '../ui/use-async.js';
import { Barcode, QrCode } from './codes.js';
import { usePortal } from './context.js';
import { useDay, usePageTitle } from './page.js';

/** "9123 4567 8901 2345": groups of four are how people read card numbers aloud at a till. */
export function groupDigits(value: string): string {
  return /^\d+$/.test(value) ? value.replace(/(\d{4})(?=\d)/g, '$1 ') : value;
}

/**
 * The digital member card: name, number and a scannable CODE128 barcode (what till scanners read) plus a QR code
 * (what phone-based checkouts read). Both encode the card number, which the server registers as a card identity.
 */
export function CardPage() {
  const { t } = useTranslation('portal');
  const { program } = usePortal();
  const day = useDay();
  const me = useAsync(() => unwrap(portalApi.GET('/v1/portal/me')), []);
  const tier = useAsync(() => unwrap(portalApi.GET('/v1/portal/me/tier')), []);
  usePageTitle(t('card.title'));

  if (me.error !== undefined) {
    return (
      <>
        <h1>{t('card.title')}</h1>
        <ErrorBox error={me.error} onRetry={me.reload} />
      </>
    );
  }
  if (me.data === undefined) {
    return (
      <>
        <h1>{t('card.title')}</h1>
        <Loading />
      </>
    );
  }
  const profile = me.data;
  const name = [profile.givenName, profile.familyName].filter(Boolean).join(' ') || profile.email || '';
  const tierName = tier.data?.tier?.name;
  return (
    <>
      <h1>{t('card.title')}</h1>
      <section className="member-card" aria-label={t('card.cardLabel', { program: program.name })}>
        <div className="member-card-top">
          <span className="member-card-program">{program.name}</span>
          {tierName !== undefined && <span className="member-card-tier">{tierName}</span>}
        </div>
        <p className="member-card-name">{name}</p>
        <p className="member-card-number">
          <span className="visually-hidden">{t('card.number')}: </span>
          {groupDigits(profile.cardNumber)}
        </p>
        <p className="member-card-since">{t('card.since', { date: day(profile.memberSince) })}</p>
      </section>
      <section className="card scan-panel" aria-labelledby="scan-title">
        <h2 id="scan-title">{t('card.scanTitle')}</h2>
        <p className="muted">{t('card.scanHint')}</p>
        <Barcode value={profile.cardNumber} label={t('card.barcodeLabel', { number: profile.cardNumber })} />
        <QrCode
          value={profile.cardNumber}
          label={t('card.qrLabel', { number: profile.cardNumber })}
          size={180}
        />
      </section>
    </>
  );
}
