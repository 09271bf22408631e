import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router';
import { Loading } from './ui/components.js';

// The console and the portal are separate bundles: a member on a phone never downloads the console.
const ConsoleApp = lazy(() => import('./console/ConsoleApp.js'));
const PortalApp = lazy(() => import('./portal/PortalApp.js'));

function NotFound() {
  const { t } = useTranslation();
  return (
    <main className="not-found" id="main">
      <h1>{t('notFound')}</h1>
      <p>{t('notFoundDetail')}</p>
      <Link to="/admin">{t('backHome')}</Link>
    </main>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<Navigate to="/admin" replace />} />
          <Route path="/admin/*" element={<ConsoleApp />} />
          <Route path="/p/:slug/*" element={<PortalApp />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
