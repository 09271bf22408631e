import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../ui/components.js';

/** The frame of the signed-out pages: the product name, the language switch and a centred form. */
export function AuthLayout({
  title,
  intro,
  children,
}: {
  title: string;
  intro?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="auth-layout">
      <header className="auth-header">
        <span className="brand">{t('appName')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="auth-page">
        <h1>{title}</h1>
        {intro !== undefined && <p className="muted">{intro}</p>}
        {children}
      </main>
    </div>
  );
}
