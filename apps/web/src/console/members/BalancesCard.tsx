import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Loading, Stat } from '../../ui/components.js';
import { formatDate, formatMoney, formatNumber } from '../../ui/format.js';
import { useAsync } from '../../ui/use-async.js';
import { type Program, useProgram } from '../context.js';
import { type Balance, formatDay } from '../lib.js';

type Wallet = Balance['wallets'][number];

/** A wallet's amounts are points, or minor units of the program currency for cashback and store-credit wallets. */
export function walletAmount(wallet: { unit: string }, amount: number, currency: string): string {
  return wallet.unit === 'points' ? formatNumber(amount) : formatMoney(amount, currency);
}

export function walletName(code: string, program: Program): string {
  return code === 'points' ? program.pointName : code;
}

/**
 * Balances per wallet, with the pending releases and the expiry schedule: what becomes available when, and what
 * expires when (the open lots grouped by expiry date).
 */
export function BalancesCard({ memberId, version }: { memberId: string; version: number }) {
  const { t } = useTranslation('console');
  const balance = useAsync(
    () => unwrap(api.GET('/v1/members/{id}/balance', { params: { path: { id: memberId } } })),
    [memberId, version],
  );
  return (
    <Card title={t('balance.title')}>
      {balance.error !== undefined && <ErrorBox error={balance.error} onRetry={balance.reload} />}
      {balance.data === undefined ? (
        balance.error === undefined && <Loading />
      ) : (
        <div aria-busy={balance.loading}>
          {balance.data.wallets.map((wallet) => (
            <WalletView key={wallet.wallet} wallet={wallet} />
          ))}
          <p className="muted small">{t('balance.asOf', { date: formatDate(balance.data.asOf) })}</p>
        </div>
      )}
    </Card>
  );
}

function WalletView({ wallet }: { wallet: Wallet }) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const amount = (n: number) => walletAmount(wallet, n, program.currency);
  const name = walletName(wallet.wallet, program);
  return (
    <section className="wallet" aria-label={t('balance.wallet', { name })}>
      <h3>{t('balance.wallet', { name })}</h3>
      <div className="stats compact">
        <Stat label={t('balance.available')} value={amount(wallet.available)} />
        <Stat label={t('balance.pending')} value={amount(wallet.pending)} />
        <Stat
          label={t('balance.expiringSoon')}
          value={amount(wallet.expiring.within30Days)}
          note={t('balance.expiringNote', {
            d60: amount(wallet.expiring.within60Days),
            d90: amount(wallet.expiring.within90Days),
          })}
        />
        {wallet.debt > 0 && <Stat label={t('balance.debt')} value={amount(wallet.debt)} />}
      </div>
      <p className="small muted">
        {t('balance.lifetime', {
          earned: amount(wallet.lifetime.earned),
          spent: amount(wallet.lifetime.spent),
          expired: amount(wallet.lifetime.expired),
        })}
      </p>
      <div className="two-tables">
        <DatedAmounts
          caption={t('balance.pendingReleases')}
          empty={t('balance.noPending')}
          dateLabel={t('balance.releaseDate')}
          rows={wallet.pendingReleases}
          amount={amount}
        />
        <DatedAmounts
          caption={t('balance.expirySchedule')}
          empty={t('balance.noExpiry')}
          dateLabel={t('balance.expiryDate')}
          rows={wallet.expiring.dates}
          amount={amount}
        />
      </div>
    </section>
  );
}

function DatedAmounts({
  caption,
  empty,
  dateLabel,
  rows,
  amount,
}: {
  caption: string;
  empty: string;
  dateLabel: string;
  rows: { date: string; amount: number }[];
  amount: (n: number) => string;
}) {
  const { t } = useTranslation('console');
  if (rows.length === 0) {
    return (
      <div>
        <h4>{caption}</h4>
        <p className="muted small">{empty}</p>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <h4>{caption}</h4>
      <table aria-label={caption}>
        <thead>
          <tr>
            <th scope="col">{dateLabel}</th>
            <th scope="col" className="num">
              {t('balance.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.date}>
              <td>{formatDay(row.date)}</td>
              <td className="num">{amount(row.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
