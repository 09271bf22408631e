import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../../ui/format.js';
import { useProgram } from '../context.js';
import type { TierDefinition, TierSet } from '../lib.js';

/** The first qualifying tier by rank is the entry tier: everyone starts there and it has no threshold. */
export function entryCode(tiers: TierDefinition[]): string | undefined {
  return [...tiers].filter((t) => !t.inviteOnly).sort((a, b) => a.rank - b.rank)[0]?.code;
}

/** The tiers by rank, with what qualifies for each and its benefits; edit and remove for roles that may. */
export function TierTable({
  set,
  mayEdit,
  busy,
  onEdit,
  onRemove,
}: {
  set: TierSet;
  mayEdit: boolean;
  busy: boolean;
  onEdit: (code: string) => void;
  onRemove: (code: string) => void;
}) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const entry = entryCode(set.tiers);
  const sorted = [...set.tiers].sort((a, b) => a.rank - b.rank);
  const threshold = (tier: TierDefinition) => {
    if (tier.inviteOnly) return t('tiers.inviteOnly');
    if (tier.code === entry) return t('tiers.entry');
    const q = tier.qualification;
    const parts = [
      q?.spend !== undefined
        ? t('tiers.spendWords', { amount: formatMoney(q.spend, program.currency) })
        : undefined,
      q?.qualifyingPoints !== undefined
        ? t('tiers.pointsWords', { count: q.qualifyingPoints, formatted: formatNumber(q.qualifyingPoints) })
        : undefined,
      q?.purchases !== undefined ? t('tiers.purchasesWords', { count: q.purchases }) : undefined,
    ].filter((p) => p !== undefined);
    return parts.join(q?.match === 'all' ? t('tiers.and') : t('tiers.or'));
  };
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('tiers.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('tiers.name')}</th>
            <th scope="col" className="num">
              {t('tiers.rank')}
            </th>
            <th scope="col">{t('tiers.threshold')}</th>
            <th scope="col" className="num">
              {t('tiers.multiplier')}
            </th>
            <th scope="col" className="num">
              {t('tiers.discount')}
            </th>
            {mayEdit && <th scope="col">{t('tiers.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {sorted.map((tier) => (
            <tr key={tier.code}>
              <td>
                {tier.name} <code className="muted small">{tier.code}</code>
                {tier.hidden === true && <span className="badge"> {t('tiers.flags.hidden')}</span>}
              </td>
              <td className="num">{tier.rank}</td>
              <td>{threshold(tier)}</td>
              <td className="num">
                {tier.benefits?.earnMultiplier !== undefined
                  ? `×${formatNumber(tier.benefits.earnMultiplier, 2)}`
                  : '—'}
              </td>
              <td className="num">
                {tier.benefits?.discountPercent !== undefined
                  ? `${formatNumber(tier.benefits.discountPercent, 2)} %`
                  : '—'}
              </td>
              {mayEdit && (
                <td className="row-actions">
                  <button
                    type="button"
                    className="link-button"
                    disabled={busy}
                    aria-label={t('tiers.editLabel', { name: tier.name })}
                    onClick={() => onEdit(tier.code)}
                  >
                    {t('tiers.edit')}
                  </button>
                  {set.tiers.length > 1 && (
                    <button
                      type="button"
                      className="link-button danger-link"
                      disabled={busy}
                      aria-label={t('tiers.removeLabel', { name: tier.name })}
                      onClick={() => onRemove(tier.code)}
                    >
                      {t('tiers.remove')}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
