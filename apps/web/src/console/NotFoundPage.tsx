import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from './page-title.js';

/** Any console address no page answers: said plainly, with a way back to the dashboard. */
export function NotFoundPage() {
  const { t } = useTranslation();
  const { t: tc } = useTranslation('console');
  usePageTitle(t('notFound'));
  return (
    <>
      <h1>{t('notFound')}</h1>
      <p>{t('notFoundDetail')}</p>
      <Link to="/admin">{tc('nav.backToDashboard')}</Link>
    </>
  );
}
