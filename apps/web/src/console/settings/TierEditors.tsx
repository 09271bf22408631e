import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../ui/components.js';
import { useProgram } from '../context.js';
import type { TierDefinition, TierSet } from '../lib.js';
import { TierFields } from './TierForm.js';
import { settingsOf, TierSetFields, type TierSetSettings } from './TierSetFields.js';
import { entryCode } from './TierTable.js';

/** Starts a program's tiers: the tier set's settings and its entry tier, in one form. */
export function CreateTierSet({
  mayEdit,
  sending,
  errors,
  error,
  onCreate,
}: {
  mayEdit: boolean;
  sending: boolean;
  errors: Record<string, string>;
  error: unknown;
  onCreate: (settings: TierSetSettings, entry: TierDefinition) => void;
}) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const [open, setOpen] = useState(false);
  const [settings, setSettings] = useState(() => settingsOf(undefined));
  if (!mayEdit) return <p className="muted">{t('tiers.none')}</p>;
  if (!open) {
    return (
      <>
        <p className="muted">{t('tiers.noneYet')}</p>
        <button type="button" onClick={() => setOpen(true)}>
          {t('tiers.createSet')}
        </button>
      </>
    );
  }
  return (
    <section aria-label={t('tiers.createSet')} className="subform">
      <h3>{t('tiers.createSet')}</h3>
      <p className="muted small">{t('tiers.createIntro')}</p>
      <TierFields
        tier={undefined}
        entry
        rank={0}
        currency={program.currency}
        errorPrefix="tiers/0"
        errors={errors}
        sending={sending}
        submitLabel={t('tiers.createSet')}
        onCancel={() => setOpen(false)}
        onSubmit={(entry) => onCreate(settings, entry)}
        extra={
          <fieldset className="fieldset">
            <legend>{t('tiers.setSettings')}</legend>
            <TierSetFields value={settings} onChange={setSettings} errors={errors} />
          </fieldset>
        }
      />
      <ErrorBox error={error} />
    </section>
  );
}

/** Edits one tier of the set (the entry tier without thresholds). */
export function EditTier({
  set,
  code,
  sending,
  errors,
  error,
  onCancel,
  onSave,
}: {
  set: TierSet;
  code: string;
  sending: boolean;
  errors: Record<string, string>;
  error: unknown;
  onCancel: () => void;
  onSave: (tiers: TierDefinition[], name: string) => void;
}) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const index = set.tiers.findIndex((x) => x.code === code);
  const tier = set.tiers[index];
  if (tier === undefined) return null;
  return (
    <section aria-label={t('tiers.editTitle', { name: tier.name })} className="subform">
      <h3>{t('tiers.editTitle', { name: tier.name })}</h3>
      <TierFields
        tier={tier}
        entry={entryCode(set.tiers) === code}
        rank={tier.rank}
        currency={program.currency}
        errorPrefix={`tiers/${index}`}
        errors={errors}
        sending={sending}
        submitLabel={t('tiers.saveTier')}
        onCancel={onCancel}
        onSubmit={(next) =>
          onSave(
            set.tiers.map((x, i) => (i === index ? next : x)),
            next.name,
          )
        }
      />
      <ErrorBox error={error} />
    </section>
  );
}

/** Edits the settings of the whole tier set: window, upgrade, downgrade and grace. */
export function EditSettings({
  set,
  sending,
  errors,
  error,
  onCancel,
  onSave,
}: {
  set: TierSet;
  sending: boolean;
  errors: Record<string, string>;
  error: unknown;
  onCancel: () => void;
  onSave: (settings: TierSetSettings) => void;
}) {
  const { t } = useTranslation('console');
  const { t: tc } = useTranslation();
  const [settings, setSettings] = useState(() => settingsOf(set));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSave(settings);
  };
  return (
    <form className="subform" onSubmit={submit} aria-label={t('tiers.setSettings')}>
      <h3>{t('tiers.setSettings')}</h3>
      <TierSetFields value={settings} onChange={setSettings} errors={errors} />
      <ErrorBox error={error} />
      <div className="form-actions">
        <button type="submit" disabled={sending}>
          {sending ? t('form.saving') : t('tiers.saveSettings')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {tc('cancel')}
        </button>
      </div>
    </form>
  );
}
