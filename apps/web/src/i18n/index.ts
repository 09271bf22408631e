import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import enCommon from './en/common.json';
import enConsole from './en/console.json';
import enManage from './en/manage.json';
import enPortal from './en/portal.json';
import ruCommon from './ru/common.json';
import ruConsole from './ru/console.json';
import ruManage from './ru/manage.json';
import ruPortal from './ru/portal.json';

export const LANGUAGES = ['en', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'tessera.language';

function initialLanguage(): Language {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'ru') return saved;
  return window.navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

/**
 * One namespace per area of the app (common, console, manage = the console's program pages, portal), so each area's
 * strings live in their own file per language. A missing Russian string falls back to English, never to a key.
 */
export async function setupI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: {
      en: { common: enCommon, console: enConsole, manage: enManage, portal: enPortal },
      ru: { common: ruCommon, console: ruConsole, manage: ruManage, portal: ruPortal },
    },
    lng: initialLanguage(),
    fallbackLng: 'en',
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    window.localStorage.setItem(STORAGE_KEY, language);
  });
}
