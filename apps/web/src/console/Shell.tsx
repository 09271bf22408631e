import { type ReactNode, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes, useLocation } from 'react-router';
import { api, unwrap } from '../api/client.js';
import { ErrorBox, LanguageSwitch, Loading } from '../ui/components.js';
import { useAsync } from '../ui/use-async.js';
import {
  AdminContext,
  type AdminContextValue,
  type AdminUser,
  type Program,
  ProgramContext,
  type ProgramContextValue,
} from './context.js';
import { DashboardPage } from './dashboard/DashboardPage.js';
import { manageNav, manageRoutes } from './manage/index.js';
import { Member360Page } from './members/Member360Page.js';
import { MembersPage } from './members/MembersPage.js';
import { NotFoundPage } from './NotFoundPage.js';
import { CreateProgramCard } from './settings/CreateProgramCard.js';
import { SettingsPage } from './settings/SettingsPage.js';
import { UsersPage } from './users/UsersPage.js';

/** The program the console last looked at, so a reload or a new tab opens the same one. */
const PROGRAM_KEY = 'tessera.admin.program';

interface CoreNavItem {
  to: string;
  label: string;
  end?: boolean;
}

/** The signed-in console: header, navigation and the pages, with the user and the selected program in context. */
export function Shell({ user, signOut }: { user: AdminUser; signOut: () => void }) {
  const programs = useAsync(async () => (await unwrap(api.GET('/v1/programs'))).data, []);
  const [selectedId, setSelectedId] = useState(() => window.localStorage.getItem(PROGRAM_KEY) ?? undefined);

  const list = programs.data ?? [];
  const program = list.find((p) => p.id === selectedId) ?? list.find((p) => p.isDefault) ?? list[0];

  const admin = useMemo<AdminContextValue>(() => ({ user, signOut }), [user, signOut]);
  const selectProgram = (id: string) => {
    window.localStorage.setItem(PROGRAM_KEY, id);
    setSelectedId(id);
  };
  const programValue: ProgramContextValue | undefined =
    program === undefined
      ? undefined
      : { program, programs: list, selectProgram, reloadPrograms: programs.reload };

  let content: ReactNode;
  if (programs.data === undefined && programs.error !== undefined) {
    content = <ErrorBox error={programs.error} onRetry={programs.reload} />;
  } else if (programs.data === undefined) {
    content = <Loading />;
  } else if (programValue === undefined) {
    content = (
      <FirstProgram
        onCreated={(created) => {
          selectProgram(created.id);
          programs.reload();
        }}
      />
    );
  } else {
    content = <ConsoleRoutes user={user} />;
  }

  return (
    <AdminContext.Provider value={admin}>
      <Frame user={user} signOut={signOut} programValue={programValue}>
        {programValue === undefined ? (
          content
        ) : (
          <ProgramContext.Provider value={programValue}>{content}</ProgramContext.Provider>
        )}
      </Frame>
    </AdminContext.Provider>
  );
}

function ConsoleRoutes({ user }: { user: AdminUser }) {
  return (
    <Routes>
      <Route index element={<DashboardPage />} />
      <Route path="members" element={<MembersPage />} />
      <Route path="members/:id" element={<Member360Page />} />
      <Route path="settings" element={<SettingsPage />} />
      <Route path="users" element={user.role === 'owner' ? <UsersPage /> : <NotFoundPage />} />
      {manageRoutes}
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

function FirstProgram({ onCreated }: { onCreated: (program: Program) => void }) {
  const { t } = useTranslation('console');
  return (
    <>
      <h1>{t('firstProgram.title')}</h1>
      <p>{t('firstProgram.intro')}</p>
      <CreateProgramCard onCreated={onCreated} />
    </>
  );
}

function Frame({
  user,
  signOut,
  programValue,
  children,
}: {
  user: AdminUser;
  signOut: () => void;
  programValue: ProgramContextValue | undefined;
  children: ReactNode;
}) {
  const { t } = useTranslation('console');
  const { t: tc } = useTranslation();
  const { t: tm } = useTranslation('manage');
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const programSelectId = useId();

  // A tap on a link in the collapsed menu navigates; the menu should then get out of the way.
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing on every navigation is the point
  useEffect(() => setMenuOpen(false), [location.pathname]);

  const core: CoreNavItem[] = [
    { to: '/admin', label: t('nav.dashboard'), end: true },
    { to: '/admin/members', label: t('nav.members') },
    { to: '/admin/settings', label: t('nav.settings') },
  ];
  const manage: CoreNavItem[] = manageNav
    .filter((item) => user.role === 'owner' || item.ownerOnly !== true)
    .map((item) => ({ to: item.to, label: tm(item.labelKey) }));
  const owner: CoreNavItem[] = user.role === 'owner' ? [{ to: '/admin/users', label: t('nav.users') }] : [];

  return (
    <div className="console">
      <a className="skip-link" href="#main">
        {tc('skipToContent')}
      </a>
      <header className="console-header">
        <button
          type="button"
          className="secondary menu-toggle"
          aria-expanded={menuOpen}
          aria-controls="console-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          {t('nav.menu')}
        </button>
        <NavLink to="/admin" end className="brand">
          {tc('appName')}
        </NavLink>
        {programValue !== undefined && (
          <div className="program-switch">
            <label htmlFor={programSelectId}>{t('header.program')}</label>
            <select
              id={programSelectId}
              value={programValue.program.id}
              onChange={(event) => programValue.selectProgram(event.target.value)}
            >
              {programValue.programs.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className={menuOpen ? 'header-end open' : 'header-end'}>
          <LanguageSwitch />
          <span className="who">
            <span className="who-name">{user.name}</span>{' '}
            <span className="badge">{t(`roles.${user.role}`)}</span>
          </span>
          <button type="button" className="secondary" onClick={signOut}>
            {tc('signOut')}
          </button>
        </div>
      </header>
      <div className="console-body">
        <nav id="console-nav" aria-label={t('nav.label')} className={menuOpen ? 'open' : undefined}>
          <ul>
            {[...core, ...manage, ...owner].map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end ?? false}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
