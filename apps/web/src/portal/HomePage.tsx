import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { portalApi, unwrap } from '../api/client.js';
import { ErrorBox, Loading } from '../ui/components.js';
import { formatMoney } from '../ui/format.js';
import { useAsync } from '../ui/use-async.js';
import { portalPath, usePortal } from './context.js';
import { Icon } from './icons.js';
import { useDay, useMoney, usePageTitle, usePoints } from './page.js';
import { TierCard } from './TierCard.js';
import type { Balance, Offers } from './types.js';

/** The member's start page: points, tier progress, personal offers and the way to the card and referral link. */
export function HomePage() {
  const { t } = useTranslation('portal');
  const { slug, program } = usePortal();
  const location = useLocation();
  const navigate = useNavigate();
  // The greeting after joining is shown once: the history entry forgets it, so a reload does not repeat it.
  const [welcome] = useState(() => (location.state as { welcome?: boolean } | null)?.welcome === true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once, on arrival
  useEffect(() => {
    if (welcome) navigate(location.pathname, { replace: true, state: null });
  }, []);
  const me = useAsync(() => unwrap(portalApi.GET('/v1/portal/me')), []);
  const balance = useAsync(() => unwrap(portalApi.GET('/v1/portal/me/balance')), []);
  const tier = useAsync(() => unwrap(portalApi.GET('/v1/portal/me/tier')), []);
  const offers = useAsync(
    () => unwrap(portalApi.GET('/v1/portal/me/offers', { params: { query: { limit: 10 } } })),
    [],
  );
  usePageTitle(t('home.title'));
  const name = me.data?.givenName;

  return (
    <>
      <h1>{name ? t('home.greeting', { name }) : t('home.title')}</h1>
      {welcome && (
        <p className="success-box" role="status">
          {t('home.welcome', { program: program.name })}
        </p>
      )}
      {balance.error !== undefined ? (
        <ErrorBox error={balance.error} onRetry={balance.reload} />
      ) : balance.data === undefined ? (
        <Loading />
      ) : (
        <BalanceCard balance={balance.data} />
      )}
      {tier.error !== undefined ? (
        <ErrorBox error={tier.error} onRetry={tier.reload} />
      ) : (
        tier.data?.configured === true && <TierCard view={tier.data} />
      )}
      <section className="card" aria-labelledby="offers-title">
        <h2 id="offers-title">{t('offers.title')}</h2>
        {offers.error !== undefined ? (
          <ErrorBox error={offers.error} onRetry={offers.reload} />
        ) : offers.data === undefined ? (
          <Loading />
        ) : offers.data.items.length === 0 ? (
          <p className="empty">{t('offers.empty')}</p>
        ) : (
          <ul className="offer-list">
            {offers.data.items.map((offer) => (
              <OfferItem key={`${offer.kind}:${offer.id}`} offer={offer} />
            ))}
          </ul>
        )}
      </section>
      <nav className="quick-links" aria-label={t('home.more')}>
        <Link to={portalPath(slug, 'card')} className="quick-link">
          <Icon name="card" />
          <span>{t('home.cardLink')}</span>
        </Link>
        <Link to={portalPath(slug, 'invite')} className="quick-link">
          <Icon name="share" />
          <span>{t('home.inviteLink')}</span>
        </Link>
        <Link to={portalPath(slug, 'history')} className="quick-link">
          <Icon name="history" />
          <span>{t('home.historyLink')}</span>
        </Link>
      </nav>
    </>
  );
}

function BalanceCard({ balance }: { balance: Balance }) {
  const { t } = useTranslation('portal');
  const points = usePoints();
  const money = useMoney();
  const day = useDay();
  const nextExpiry = balance.expiring.schedule[0];
  return (
    <section className="card balance-card" aria-labelledby="balance-title">
      <h2 id="balance-title">{t('balance.title')}</h2>
      <p className="balance-figure">
        <span className="balance-number">{points(balance.available)}</span>
        {balance.availableValue > 0 && (
          <span className="balance-worth">
            {t('balance.worth', { money: money(balance.availableValue) })}
          </span>
        )}
      </p>
      <dl className="balance-facts">
        {balance.pending > 0 && (
          <div>
            <dt>{t('balance.pending')}</dt>
            <dd>
              {points(balance.pending)}
              {balance.pendingReleases.length > 0 && (
                <ul className="plain">
                  {balance.pendingReleases.map((release) => (
                    <li key={release.date}>
                      {t('balance.release', { points: points(release.amount), date: day(release.date) })}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('balance.expiring')}</dt>
          <dd>
            {balance.expiryExempt
              ? t('balance.exempt')
              : nextExpiry !== undefined
                ? t('balance.expiresOn', { points: points(nextExpiry.amount), date: day(nextExpiry.date) })
                : t('balance.noExpiry')}
            {balance.expiring.schedule.length > 1 && (
              <span className="muted">
                {' '}
                {t('balance.laterExpiries', { count: balance.expiring.schedule.length - 1 })}
              </span>
            )}
          </dd>
        </div>
        {balance.inactivityDeadline !== null && (
          <div>
            <dt>{t('balance.keepActive')}</dt>
            <dd>{t('balance.inactivity', { date: day(balance.inactivityDeadline) })}</dd>
          </div>
        )}
        {balance.debt > 0 && (
          <div>
            <dt>{t('balance.debt')}</dt>
            <dd>{t('balance.debtText', { points: points(balance.debt) })}</dd>
          </div>
        )}
        {balance.wallets.map((wallet) => (
          <div key={wallet.wallet}>
            <dt>
              {t(`balance.wallet.${wallet.wallet}`, { defaultValue: wallet.wallet.replace(/_/g, ' ') })}
            </dt>
            <dd>
              {wallet.unit === 'points'
                ? points(wallet.available)
                : formatMoney(wallet.available, wallet.unit)}
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function OfferItem({ offer }: { offer: Offers['items'][number] }) {
  const { t } = useTranslation('portal');
  const { slug } = usePortal();
  const points = usePoints();
  const titleId = useId();
  const [activatedAt, setActivatedAt] = useState(offer.activatedAt);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [justActivated, setJustActivated] = useState(false);

  async function activate() {
    setBusy(true);
    setError(undefined);
    try {
      const result = await unwrap(
        portalApi.POST('/v1/portal/me/offers/{campaignId}/activate', {
          params: { path: { campaignId: offer.id } },
        }),
      );
      setActivatedAt(result.activatedAt);
      setJustActivated(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="offer">
      <div className="offer-text">
        <h3 id={titleId}>{offer.title}</h3>
        {offer.description !== null && <p>{offer.description}</p>}
        {offer.kind === 'reward' && offer.price !== null && <p className="muted">{points(offer.price)}</p>}
      </div>
      <div className="offer-action">
        {offer.kind === 'reward' ? (
          <Link
            className="button secondary small"
            to={portalPath(slug, 'rewards')}
            aria-describedby={titleId}
          >
            {t('offers.seeReward')}
          </Link>
        ) : activatedAt !== null ? (
          <span className="badge ok" role={justActivated ? 'status' : undefined}>
            {t('offers.activated')}
          </span>
        ) : offer.activationRequired ? (
          <button
            type="button"
            className="small"
            onClick={() => void activate()}
            disabled={busy}
            aria-describedby={titleId}
          >
            {busy ? t('offers.activating') : t('offers.activate')}
          </button>
        ) : (
          <span className="badge ok">{t('offers.automatic')}</span>
        )}
      </div>
      {error !== undefined && <ErrorBox error={error} />}
    </li>
  );
}
