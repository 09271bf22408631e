import i18next from 'i18next';
import { useEffect } from 'react';

/** Each console page names itself in the browser tab (and to screen readers announcing the document). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · ${i18next.t('appName')}`;
  }, [title]);
}
