import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { portalApi, unwrap } from '../api/client.js';
import { ErrorBox, Loading } from '../ui/components.js';
import { formatMoney, formatNumber } from '../ui/format.js';
import { useAsync } from '../ui/use-async.js';
import { CouponCodes } from './CouponsPage.js';
import { portalPath, usePortal } from './context.js';
import { Dialog } from './Dialog.js';
import { serverTextLang, useDay, usePageTitle, usePoints } from './page.js';
import type { PortalReward, Redemption } from './types.js';

/** What a reward gives, worded from its type and value. */
function useRewardValue(currency: string): (reward: PortalReward) => string {
  const { t } = useTranslation('portal');
  return (reward) => {
    const v = reward.value;
    const money = (minor: number | undefined) => formatMoney(minor ?? 0, currency);
    const base = t(`rewards.value.${reward.type}`, {
      money: money(v.amount),
      percent: formatNumber(v.percent ?? 0),
      defaultValue: '',
    });
    return v.minSpend !== undefined && v.minSpend > 0
      ? t('coupons.withMinSpend', { value: base, money: money(v.minSpend) })
      : base;
  };
}

/**
 * The rewards catalog at this member's prices: what they can afford now, how many points the rest need, and
 * "Redeem" with a confirmation. The redemption carries an Idempotency-Key drawn when the dialog opens, so a retry
 * after a dropped connection replays the first answer instead of spending the points twice.
 */
export function RewardsPage() {
  const { t } = useTranslation('portal');
  const points = usePoints();
  const rewards = useAsync(() => unwrap(portalApi.GET('/v1/portal/me/rewards')), []);
  const [chosen, setChosen] = useState<{ reward: PortalReward; key: string }>();
  usePageTitle(t('rewards.title'));

  return (
    <>
      <h1>{t('rewards.title')}</h1>
      {rewards.error !== undefined ? (
        <ErrorBox error={rewards.error} onRetry={rewards.reload} />
      ) : rewards.data === undefined ? (
        <Loading />
      ) : (
        <>
          <p className="balance-line">
            {t('rewards.balance')} <strong>{points(rewards.data.balance)}</strong>
          </p>
          {rewards.data.items.length === 0 ? (
            <p className="empty">{t('rewards.empty')}</p>
          ) : (
            <ul className="reward-list">
              {rewards.data.items.map((reward) => (
                <RewardItem
                  key={reward.id}
                  reward={reward}
                  balance={rewards.data?.balance ?? 0}
                  currency={rewards.data?.currency ?? ''}
                  onRedeem={() => setChosen({ reward, key: crypto.randomUUID() })}
                />
              ))}
            </ul>
          )}
        </>
      )}
      {chosen !== undefined && (
        <RedeemDialog
          reward={chosen.reward}
          idempotencyKey={chosen.key}
          balance={rewards.data?.balance ?? 0}
          onClose={(redeemed) => {
            setChosen(undefined);
            if (redeemed) rewards.reload();
          }}
        />
      )}
    </>
  );
}

function RewardItem({
  reward,
  balance,
  currency,
  onRedeem,
}: {
  reward: PortalReward;
  balance: number;
  currency: string;
  onRedeem: () => void;
}) {
  const { t, i18n } = useTranslation('portal');
  const points = usePoints();
  const day = useDay();
  const titleId = useId();
  const value = useRewardValue(currency)(reward);
  const missing = Math.max(0, reward.cost - balance);
  const progress = reward.cost > 0 ? Math.min(1, balance / reward.cost) : 1;
  // Not enough points is already said with the number missing; the other reasons (tier, stock …) are listed.
  const reasons = reward.reasons.filter((r) => r.code !== 'insufficient_points');
  return (
    <li className={`card reward${reward.available ? ' available' : ''}`}>
      <div className="reward-head">
        <h2 id={titleId}>{reward.name}</h2>
        <p className="cost">
          {reward.cost < reward.listCost && (
            <>
              <s aria-hidden="true">{formatNumber(reward.listCost)}</s>{' '}
              <span className="visually-hidden">
                {t('rewards.listPrice', { points: points(reward.listCost) })}
              </span>
            </>
          )}
          {points(reward.cost)}
        </p>
      </div>
      {value !== '' && <p className="reward-value">{value}</p>}
      {reward.description !== null && <p>{reward.description}</p>}
      {(reward.validUntil !== null || reward.stockRemaining !== null) && (
        <p className="muted small">
          {reward.validUntil !== null && t('rewards.until', { date: day(reward.validUntil) })}
          {reward.validUntil !== null && reward.stockRemaining !== null && ' · '}
          {reward.stockRemaining !== null &&
            t('rewards.stock', { count: reward.stockRemaining, n: formatNumber(reward.stockRemaining) })}
        </p>
      )}
      {reward.available ? (
        <p className="afford ok">{t('rewards.canRedeem')}</p>
      ) : (
        <>
          {!reward.affordable && missing > 0 && (
            <div className="afford">
              <p>{t('rewards.missing', { points: points(missing) })}</p>
              <progress
                max={100}
                value={Math.round(progress * 100)}
                aria-label={t('rewards.progress', { name: reward.name })}
                aria-valuetext={t('tier.percent', { percent: Math.round(progress * 100) })}
              />
            </div>
          )}
          {reasons.length > 0 && (
            <ul className="reasons">
              {reasons.map((reason) => {
                // Known reasons are worded here; a new one the server adds is shown in its own (English) words.
                const key = `rewards.reason.${reason.code}`;
                const known = i18n.exists(key, { ns: 'portal' });
                return (
                  <li key={reason.code} lang={known ? undefined : serverTextLang(i18n.language)}>
                    {known ? t(key) : reason.message}
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
      <div className="form-actions">
        <button type="button" onClick={onRedeem} disabled={!reward.available} aria-describedby={titleId}>
          {t('rewards.redeem')}
        </button>
      </div>
    </li>
  );
}

function RedeemDialog({
  reward,
  idempotencyKey,
  balance,
  onClose,
}: {
  reward: PortalReward;
  idempotencyKey: string;
  balance: number;
  onClose: (redeemed: boolean) => void;
}) {
  const { t } = useTranslation('portal');
  const { slug, program } = usePortal();
  const points = usePoints();
  const day = useDay();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<Redemption>();

  async function redeem() {
    setBusy(true);
    setError(undefined);
    try {
      const redemption = await unwrap(
        portalApi.POST('/v1/portal/me/rewards/{id}/redeem', {
          params: { path: { id: reward.id } },
          headers: { 'Idempotency-Key': idempotencyKey },
        }),
      );
      setResult(redemption);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      open
      title={result === undefined ? t('rewards.confirmTitle') : t('rewards.doneTitle')}
      onClose={() => onClose(result !== undefined)}
    >
      {result === undefined ? (
        <>
          <p>{t('rewards.confirmText', { name: reward.name, points: points(reward.cost) })}</p>
          <p className="muted">
            {t('rewards.after', { points: points(Math.max(0, balance - reward.cost)) })}
          </p>
          <ErrorBox error={error} />
          <div className="form-actions wrap">
            <button type="button" onClick={() => void redeem()} disabled={busy}>
              {busy ? t('rewards.redeeming') : t('rewards.confirm')}
            </button>
            <button type="button" className="secondary" onClick={() => onClose(false)} disabled={busy}>
              {t('cancel', { ns: 'common' })}
            </button>
          </div>
        </>
      ) : (
        <>
          <p className="success-box" role="status">
            {t('rewards.done', { name: result.reward.name, points: points(result.cost) })}
          </p>
          {result.coupon !== null && (
            <>
              <p>{t('rewards.couponIntro', { date: day(result.coupon.validUntil) })}</p>
              <CouponCodes code={result.coupon.code} />
            </>
          )}
          {result.credit !== null && (
            <p>{t('rewards.credited', { money: formatMoney(result.credit.amount, program.currency) })}</p>
          )}
          {result.fulfilment !== null && <p>{t('rewards.fulfilment')}</p>}
          <div className="form-actions wrap">
            {result.coupon !== null && (
              <Link className="button" to={portalPath(slug, 'coupons')}>
                {t('rewards.toCoupons')}
              </Link>
            )}
            <button type="button" className="secondary" onClick={() => onClose(true)}>
              {t('close', { ns: 'common' })}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
