import { type ReactNode, useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Link,
  Navigate,
  NavLink,
  Outlet,
  Route,
  Routes,
  useLocation,
  useParams,
  useSearchParams,
} from 'react-router';
import { ApiError, onSessionExpired, portalApi, unwrap } from '../api/client.js';
import { saveToken, setMemberProgram, tokenFor } from '../api/session.js';
import { LANGUAGES } from '../i18n/index.js';
import { ErrorBox, Loading } from '../ui/components.js';
import { useAsync } from '../ui/use-async.js';
import { CardPage } from './CardPage.js';
import { CouponsPage } from './CouponsPage.js';
import {
  type PortalContextValue,
  PortalProvider,
  portalPath,
  rememberReferral,
  type SignOutExit,
  usePortal,
} from './context.js';
import { HistoryPage } from './HistoryPage.js';
import { HomePage } from './HomePage.js';
import { InvitePage } from './InvitePage.js';
import { Icon, type IconName } from './icons.js';
import { ProfilePage } from './ProfilePage.js';
import { ProgramPage } from './ProgramPage.js';
import { usePageTitle } from './page.js';
import { RewardsPage } from './RewardsPage.js';
import { SignInPage } from './SignInPage.js';
import type { ProgramPage as ProgramDocument } from './types.js';
import './portal.css';

/** The member portal of one program, mounted at /p/:slug/*. */
export default function PortalApp() {
  const { slug = '' } = useParams();
  // The member's token is stored per program; the client must know which before any request leaves, and child
  // effects (the first requests) run after this render.
  setMemberProgram(slug);
  // A new key per program: another program's portal starts from a clean state (its own session, its own data).
  return <PortalShell key={slug} slug={slug} />;
}

function PortalShell({ slug }: { slug: string }) {
  const { t } = useTranslation('portal');
  const program = useAsync(
    () => unwrap(portalApi.GET('/v1/portal/programs/{slug}', { params: { path: { slug } } })),
    [slug],
  );
  if (program.data === undefined) {
    const missing = program.error instanceof ApiError && program.error.status === 404;
    return (
      <div className="portal">
        <main id="main" className="portal-main" tabIndex={-1}>
          {program.loading ? (
            <Loading />
          ) : missing ? (
            <>
              <h1>{t('missing.title')}</h1>
              <p>{t('missing.detail', { slug })}</p>
            </>
          ) : (
            <>
              <h1>{t('missing.failed')}</h1>
              <ErrorBox error={program.error} onRetry={program.reload} />
            </>
          )}
        </main>
      </div>
    );
  }
  return <SignedInState slug={slug} program={program.data} />;
}

function SignedInState({ slug, program }: { slug: string; program: ProgramDocument }) {
  const [searchParams] = useSearchParams();
  const [signedIn, setSignedIn] = useState(() => tokenFor('member') !== undefined);
  const ref = searchParams.get('ref');
  const referralCode = useMemo(() => rememberReferral(slug, ref), [slug, ref]);

  const [sessionEnded, setSessionEnded] = useState(false);
  const [exit, setExit] = useState<SignOutExit>();

  const signOut = useCallback((to?: SignOutExit) => {
    saveToken('member', undefined);
    setExit(to);
    setSignedIn(false);
  }, []);
  const signIn = useCallback((token: string) => {
    saveToken('member', token);
    setSessionEnded(false);
    setExit(undefined);
    setSignedIn(true);
  }, []);

  // A session the server no longer knows (expired, signed out elsewhere, account deleted) ends here too: the
  // member's page then sends them to sign in, and back to that page afterwards.
  useEffect(
    () =>
      onSessionExpired((audience) => {
        if (audience !== 'member') return;
        signOut();
        setSessionEnded(true);
      }),
    [signOut],
  );

  const value: PortalContextValue = {
    slug,
    program,
    signedIn,
    signIn,
    signOut,
    exit,
    referralCode,
    sessionEnded,
  };
  return (
    <PortalProvider value={value}>
      <Layout>
        <Routes>
          <Route index element={<ProgramPage />} />
          <Route path="sign-in" element={<SignInPage />} />
          <Route element={<RequireMember />}>
            <Route path="home" element={<HomePage />} />
            <Route path="history" element={<HistoryPage />} />
            <Route path="rewards" element={<RewardsPage />} />
            <Route path="coupons" element={<CouponsPage />} />
            <Route path="card" element={<CardPage />} />
            <Route path="invite" element={<InvitePage />} />
            <Route path="profile" element={<ProfilePage />} />
          </Route>
          <Route path="*" element={<PortalNotFound />} />
        </Routes>
      </Layout>
    </PortalProvider>
  );
}

/**
 * The member's pages. Signed out, they lead to sign-in (and back here afterwards), or where the sign-out said to
 * go: the one redirect happens here, so a sign-out never races a second navigation.
 */
function RequireMember() {
  const { signedIn, slug, exit } = usePortal();
  const location = useLocation();
  if (!signedIn) {
    return exit !== undefined ? (
      <Navigate to={exit.to} replace state={exit.state} />
    ) : (
      <Navigate to={portalPath(slug, 'sign-in')} replace state={{ from: location.pathname }} />
    );
  }
  return <Outlet />;
}

const NAV: { path: string; key: string; icon: IconName }[] = [
  { path: 'home', key: 'nav.home', icon: 'home' },
  { path: 'history', key: 'nav.history', icon: 'history' },
  { path: 'rewards', key: 'nav.rewards', icon: 'rewards' },
  { path: 'coupons', key: 'nav.coupons', icon: 'coupons' },
  { path: 'card', key: 'nav.card', icon: 'card' },
];

function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation('portal');
  const { slug, program, signedIn } = usePortal();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a client-side page change, focus moves to the new page's content, as a full page load would put it at
  // the top: a screen reader user hears the new page instead of staying on the link they pressed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every change of page
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus({ preventScroll: false });
    window.scrollTo(0, 0);
  }, [location.pathname]);

  return (
    <div className={`portal${signedIn ? ' signed-in' : ''}`}>
      <a className="skip-link" href="#main">
        {t('skipToContent', { ns: 'common' })}
      </a>
      <header className="portal-header">
        <Link className="portal-brand" to={portalPath(slug)}>
          {program.name}
        </Link>
        <div className="portal-header-actions">
          <CompactLanguageSwitch />
          {signedIn ? (
            <NavLink className="header-link" to={portalPath(slug, 'profile')}>
              <Icon name="profile" />
              <span className="header-link-text">{t('nav.profile')}</span>
            </NavLink>
          ) : (
            location.pathname !== portalPath(slug, 'sign-in') && (
              <Link className="button small" to={portalPath(slug, 'sign-in')}>
                {t('nav.signIn')}
              </Link>
            )
          )}
        </div>
      </header>
      {signedIn && (
        <nav className="portal-nav" aria-label={t('nav.label')}>
          <ul>
            {NAV.map((item) => (
              <li key={item.path}>
                <NavLink to={portalPath(slug, item.path)}>
                  <Icon name={item.icon} />
                  <span>{t(item.key)}</span>
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" ref={main} className="portal-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** The shared switch has a visible label; on a phone's header only the select fits, so its label is hidden. */
function CompactLanguageSwitch() {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <div className="portal-language">
      <label htmlFor={id} className="visually-hidden">
        {t('language')}
      </label>
      <select
        id={id}
        value={i18n.language}
        onChange={(event) => void i18n.changeLanguage(event.target.value)}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`languages.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function PortalNotFound() {
  const { t } = useTranslation('portal');
  const { slug } = usePortal();
  usePageTitle(t('notFound.title'));
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.detail')}</p>
      <Link to={portalPath(slug)}>{t('notFound.back')}</Link>
    </>
  );
}
