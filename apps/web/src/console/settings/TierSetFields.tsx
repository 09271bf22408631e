import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/components.js';
import type { TierSet } from '../lib.js';

/** What period tier qualification is measured over, as the API names them. */
export const WINDOWS = [
  'calendar_year',
  'calendar_quarter',
  'calendar_month',
  'membership_year',
  'rolling_12_months',
  'lifetime',
] as const;

type Window = TierSet['window'];

/** Settings of the tier set as a whole (not of one tier). */
export interface TierSetSettings {
  window: Window;
  upgradeAt: 'immediately' | 'next_period';
  downgradePolicy: 'one_level' | 'to_metric';
  graceMonths: string;
}

export function settingsOf(set: TierSet | undefined): TierSetSettings {
  return {
    window: set?.window ?? 'calendar_year',
    upgradeAt: set?.upgradeAt ?? 'immediately',
    downgradePolicy: set?.downgrade.policy ?? 'one_level',
    graceMonths: String(set?.downgrade.graceMonths ?? 0),
  };
}

export function TierSetFields({
  value,
  onChange,
  errors,
}: {
  value: TierSetSettings;
  onChange: (value: TierSetSettings) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('console');
  return (
    <div className="form-row">
      <Field label={t('tiers.window')} hint={t('tiers.windowHint')} error={errors.window}>
        {(props) => (
          <select
            {...props}
            value={value.window}
            onChange={(e) => onChange({ ...value, window: e.target.value as Window })}
          >
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                {t(`tierWindows.${w}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('tiers.upgradeAt')} error={errors.upgradeAt}>
        {(props) => (
          <select
            {...props}
            value={value.upgradeAt}
            onChange={(e) =>
              onChange({ ...value, upgradeAt: e.target.value as TierSetSettings['upgradeAt'] })
            }
          >
            <option value="immediately">{t('tiers.upgradeImmediately')}</option>
            <option value="next_period">{t('tiers.upgradeNextPeriod')}</option>
          </select>
        )}
      </Field>
      <Field label={t('tiers.downgrade')} error={errors['downgrade/policy']}>
        {(props) => (
          <select
            {...props}
            value={value.downgradePolicy}
            onChange={(e) =>
              onChange({ ...value, downgradePolicy: e.target.value as TierSetSettings['downgradePolicy'] })
            }
          >
            <option value="one_level">{t('tiers.downgradeOneLevel')}</option>
            <option value="to_metric">{t('tiers.downgradeToMetric')}</option>
          </select>
        )}
      </Field>
      <Field label={t('tiers.graceMonths')} error={errors['downgrade/graceMonths']}>
        {(props) => (
          <input
            {...props}
            type="number"
            min={0}
            max={24}
            step={1}
            value={value.graceMonths}
            onChange={(e) => onChange({ ...value, graceMonths: e.target.value })}
          />
        )}
      </Field>
    </div>
  );
}
