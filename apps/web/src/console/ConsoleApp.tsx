import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, onSessionExpired, unwrap } from '../api/client.js';
import { saveToken, tokenFor } from '../api/session.js';
import { ErrorBox, Loading } from '../ui/components.js';
import { SetupPage } from './auth/SetupPage.js';
import { SignInPage } from './auth/SignInPage.js';
import type { AdminUser } from './context.js';
import type { ConsoleSession, ConsoleUser } from './lib.js';
import { Shell } from './Shell.js';
import './console.css';

type Gate =
  | { step: 'checking' }
  | { step: 'setup' }
  | { step: 'sign-in'; expired: boolean; canSetup?: boolean }
  | { step: 'signed-in'; user: AdminUser }
  | { step: 'failed'; error: unknown };

const toAdminUser = (u: ConsoleUser): AdminUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  tenantId: u.tenantId,
});

/**
 * The console's auth gate, mounted at /admin/*. With a stored session it asks who is signed in; without one it asks
 * the server whether the first owner still has to be created (setup) or offers sign-in. Any 401 from any call
 * (session expired or signed out elsewhere) drops the token and returns here.
 */
export default function ConsoleApp() {
  const { t } = useTranslation('console');
  const [gate, setGate] = useState<Gate>({ step: 'checking' });

  const resolve = useCallback(async () => {
    setGate({ step: 'checking' });
    try {
      if (tokenFor('admin') !== undefined) {
        const { data, response } = await api.GET('/v1/console/me');
        if (response.ok && data !== undefined) {
          setGate({ step: 'signed-in', user: toAdminUser(data) });
          return;
        }
        // The stored session is no longer valid: forget it and fall through to setup or sign-in.
        saveToken('admin', undefined);
      }
      const setup = await unwrap(api.GET('/v1/console/setup'));
      setGate(setup.needsOwner ? { step: 'setup' } : { step: 'sign-in', expired: false });
    } catch (error) {
      setGate({ step: 'failed', error });
    }
  }, []);

  useEffect(() => {
    void resolve();
  }, [resolve]);

  useEffect(
    () =>
      onSessionExpired((audience) => {
        if (audience !== 'admin') return;
        saveToken('admin', undefined);
        setGate({ step: 'sign-in', expired: true });
      }),
    [],
  );

  const signedIn = (session: ConsoleSession) => {
    saveToken('admin', session.token);
    void resolve();
  };

  const signOut = useCallback(async () => {
    // The server ends the session first, so a copied token stops working; the local token goes either way.
    await api.DELETE('/v1/console/sessions/current').catch(() => undefined);
    saveToken('admin', undefined);
    setGate({ step: 'sign-in', expired: false });
  }, []);

  switch (gate.step) {
    case 'checking':
      return (
        <main id="main" className="auth-page">
          <Loading />
        </main>
      );
    case 'failed':
      return (
        <main id="main" className="auth-page">
          <h1>{t('auth.unavailable')}</h1>
          <ErrorBox error={gate.error} onRetry={() => void resolve()} />
        </main>
      );
    case 'setup':
      return (
        <SetupPage
          onDone={signedIn}
          onSignIn={() => setGate({ step: 'sign-in', expired: false, canSetup: true })}
        />
      );
    case 'sign-in':
      return (
        <SignInPage
          expired={gate.expired}
          onDone={signedIn}
          onSetup={gate.canSetup === true ? () => setGate({ step: 'setup' }) : undefined}
        />
      );
    case 'signed-in':
      return <Shell user={gate.user} signOut={() => void signOut()} />;
  }
}
