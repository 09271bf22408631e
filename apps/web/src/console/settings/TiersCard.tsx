import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client.js';
import { Card, ErrorBox, Loading } from '../../ui/components.js';
import { useProgram } from '../context.js';
import { fieldErrors, type TierDefinition, type TierSet, type TierSetInput } from '../lib.js';
import { CreateTierSet, EditSettings, EditTier } from './TierEditors.js';
import { TierFields } from './TierForm.js';
import { settingsOf, type TierSetSettings } from './TierSetFields.js';
import { TierTable } from './TierTable.js';

/** The selected program's tier set as the settings page loaded it: `set` undefined when it has none yet. */
export interface TierState {
  ready: boolean;
  set: TierSet | undefined;
  error: unknown;
  reload: () => void;
}

type Mode = { kind: 'view' } | { kind: 'add' } | { kind: 'edit'; code: string } | { kind: 'settings' };

function setInput(settings: TierSetSettings, tiers: TierDefinition[], current?: TierSet): TierSetInput {
  return {
    window: settings.window,
    upgradeAt: settings.upgradeAt,
    downgrade: { policy: settings.downgradePolicy, graceMonths: Number(settings.graceMonths || 0) },
    ...(current?.discountExclusions !== undefined ? { discountExclusions: current.discountExclusions } : {}),
    tiers,
  };
}

/**
 * The program's tier set. Tiers are replaced as a whole (PUT), so adding, editing or removing one sends the full
 * list; the server then re-evaluates every member in a recompute job.
 */
export function TiersCard({ tiers, mayEdit }: { tiers: TierState; mayEdit: boolean }) {
  const { t } = useTranslation('console');
  const { program } = useProgram();
  const [mode, setMode] = useState<Mode>({ kind: 'view' });
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const errors = fieldErrors(error);

  const save = async (body: TierSetInput, done: string) => {
    setSending(true);
    setError(undefined);
    setMessage(undefined);
    try {
      await unwrap(api.PUT('/v1/programs/{id}/tiers', { params: { path: { id: program.id } }, body }));
      setMessage(done);
      setMode({ kind: 'view' });
      tiers.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setSending(false);
    }
  };

  const notConfigured = tiers.ready && tiers.set === undefined;
  const set = tiers.set;

  return (
    <Card title={t('tiers.title')}>
      {message !== undefined && (
        <p className="success-box" role="status">
          {message}
        </p>
      )}
      {tiers.error !== undefined && <ErrorBox error={tiers.error} onRetry={tiers.reload} />}
      {!tiers.ready && tiers.error === undefined && <Loading />}
      {notConfigured && (
        <CreateTierSet
          mayEdit={mayEdit}
          sending={sending}
          errors={errors}
          error={error}
          onCreate={(settings, entry) => void save(setInput(settings, [entry]), t('tiers.created'))}
        />
      )}
      {set !== undefined && (
        <>
          <p className="small">
            {t('tiers.summary', {
              window: t(`tierWindows.${set.window}`),
              upgrade:
                set.upgradeAt === 'next_period'
                  ? t('tiers.upgradeNextPeriod')
                  : t('tiers.upgradeImmediately'),
              downgrade:
                set.downgrade.policy === 'one_level'
                  ? t('tiers.downgradeOneLevel')
                  : t('tiers.downgradeToMetric'),
              grace: set.downgrade.graceMonths ?? 0,
            })}
          </p>
          <TierTable
            set={set}
            mayEdit={mayEdit && mode.kind === 'view'}
            busy={sending}
            onEdit={(code) => {
              setError(undefined);
              setMode({ kind: 'edit', code });
            }}
            onRemove={(code) => {
              const tier = set.tiers.find((x) => x.code === code);
              if (tier !== undefined && window.confirm(t('tiers.confirmRemove', { name: tier.name }))) {
                void save(
                  setInput(
                    settingsOf(set),
                    set.tiers.filter((x) => x.code !== code),
                    set,
                  ),
                  t('tiers.removed', { name: tier.name }),
                );
              }
            }}
          />
          {mayEdit && mode.kind === 'view' && (
            <div className="form-actions">
              <button
                type="button"
                onClick={() => {
                  setError(undefined);
                  setMessage(undefined);
                  setMode({ kind: 'add' });
                }}
              >
                {t('tiers.add')}
              </button>
              <button type="button" className="secondary" onClick={() => setMode({ kind: 'settings' })}>
                {t('tiers.editSettings')}
              </button>
            </div>
          )}
          {mode.kind === 'add' && (
            <section aria-label={t('tiers.addTitle')} className="subform">
              <h3>{t('tiers.addTitle')}</h3>
              <TierFields
                tier={undefined}
                entry={false}
                rank={Math.max(0, ...set.tiers.map((x) => x.rank)) + 1}
                currency={program.currency}
                errorPrefix={`tiers/${set.tiers.length}`}
                errors={errors}
                sending={sending}
                submitLabel={t('tiers.saveTier')}
                onCancel={() => setMode({ kind: 'view' })}
                onSubmit={(tier) =>
                  void save(
                    setInput(settingsOf(set), [...set.tiers, tier], set),
                    t('tiers.added', { name: tier.name }),
                  )
                }
              />
              <ErrorBox error={error} />
            </section>
          )}
          {mode.kind === 'edit' && (
            <EditTier
              set={set}
              code={mode.code}
              sending={sending}
              errors={errors}
              error={error}
              onCancel={() => setMode({ kind: 'view' })}
              onSave={(tiersList, name) =>
                void save(setInput(settingsOf(set), tiersList, set), t('tiers.updated', { name }))
              }
            />
          )}
          {mode.kind === 'settings' && (
            <EditSettings
              set={set}
              sending={sending}
              errors={errors}
              error={error}
              onCancel={() => setMode({ kind: 'view' })}
              onSave={(settings) => void save(setInput(settings, set.tiers, set), t('tiers.settingsSaved'))}
            />
          )}
        </>
      )}
    </Card>
  );
}
