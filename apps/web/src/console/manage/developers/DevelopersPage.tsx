import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/components.js';
import { usePageTitle } from '../../page-title.js';
import { useRole } from '../shared.js';
import { ApiKeys } from './ApiKeys.js';
import { Webhooks } from './Webhooks.js';

/**
 * API keys and webhooks. Only owners see them: a key acts without a console session and a webhook sends member data
 * elsewhere, so the server refuses every other role, and this page says so instead of failing.
 */
export function DevelopersPage() {
  const { t } = useTranslation('manage');
  usePageTitle(t('developers.title'));
  const owner = useRole() === 'owner';
  return (
    <>
      <PageHeader title={t('developers.title')}>
        <p className="muted">{t('developers.intro')}</p>
      </PageHeader>
      {owner ? (
        <>
          <ApiKeys />
          <Webhooks />
        </>
      ) : (
        <p className="card">{t('developers.ownersOnly')}</p>
      )}
    </>
  );
}
