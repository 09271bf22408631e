import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrapOptional } from '../../api/client.js';
import { PageHeader } from '../../ui/components.js';
import { useAsync } from '../../ui/use-async.js';
import { canWrite, useAdmin, useProgram } from '../context.js';
import { usePageTitle } from '../page-title.js';
import { CreateProgramCard } from './CreateProgramCard.js';
import { LedgerPolicyCard } from './LedgerPolicyCard.js';
import { ProgramSettingsCard } from './ProgramSettingsCard.js';
import { type TierState, TiersCard } from './TiersCard.js';

/** Program settings: the program itself, its earn/pending/expiry policy, its tiers, and creating another program. */
export function SettingsPage() {
  const { t } = useTranslation('console');
  const { user } = useAdmin();
  const { program, selectProgram, reloadPrograms } = useProgram();
  const [created, setCreated] = useState<string>();
  const mayEdit = canWrite(user.role, 'program');
  usePageTitle(t('settings.title'));

  // A program without tiers answers 204: a state of the program, not a failure.
  const tiers = useAsync(async () => {
    const set = await unwrapOptional(
      api.GET('/v1/programs/{id}/tiers', { params: { path: { id: program.id } } }),
    );
    return { programId: program.id, set: set ?? undefined };
  }, [program.id]);
  // Until the selected program's answer arrives, the previous program's tiers are not shown as this one's.
  const ready = tiers.data?.programId === program.id;
  const tierState: TierState = {
    ready,
    set: ready ? tiers.data?.set : undefined,
    error: tiers.error,
    reload: tiers.reload,
  };

  return (
    <>
      <PageHeader title={t('settings.title')}>
        <p className="muted">{t('settings.intro', { name: program.name })}</p>
      </PageHeader>
      {!mayEdit && <p className="notice">{t('settings.readOnly')}</p>}
      {created !== undefined && (
        <p className="success-box" role="status">
          {t('create.done', { name: created })}
        </p>
      )}
      <ProgramSettingsCard mayEdit={mayEdit} />
      <LedgerPolicyCard mayEdit={mayEdit} tiers={tierState.set} />
      <TiersCard key={program.id} tiers={tierState} mayEdit={mayEdit} />
      {mayEdit && (
        <CreateProgramCard
          onCreated={(p) => {
            setCreated(p.name);
            selectProgram(p.id);
            reloadPrograms();
            window.scrollTo({ top: 0 });
          }}
        />
      )}
    </>
  );
}
