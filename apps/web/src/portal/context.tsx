import { createContext, type ReactNode, useContext } from 'react';
import type { ProgramPage } from './types.js';

/** What every portal page knows: which program it belongs to and whether a member is signed in. */
export interface PortalContextValue {
  /** The portal address of the program, as in /p/{slug}. */
  slug: string;
  /** The program's public page (name, currency, how to earn …); loaded once by the shell. */
  program: ProgramPage;
  signedIn: boolean;
  /** Stores the session token of a fresh sign-in and switches the portal to the member's pages. */
  signIn: (token: string) => void;
  /**
   * Forgets the session locally (the caller has already told the server, or the server forgot it) and leaves the
   * member's pages: for sign-in, or for `exit` when given.
   */
  signOut: (exit?: SignOutExit) => void;
  /** Where the last sign-out went. */
  exit: SignOutExit | undefined;
  /** The server ended the session (expired, signed out elsewhere): the sign-in page says so. */
  sessionEnded: boolean;
  /** The referral code this browser arrived with (`?ref=`), remembered until sign-up. */
  referralCode: string | undefined;
}

export interface SignOutExit {
  to: string;
  state?: unknown;
}

const PortalContext = createContext<PortalContextValue | undefined>(undefined);

export function PortalProvider({ value, children }: { value: PortalContextValue; children: ReactNode }) {
  return <PortalContext.Provider value={value}>{children}</PortalContext.Provider>;
}

export function usePortal(): PortalContextValue {
  const value = useContext(PortalContext);
  if (value === undefined) throw new Error('usePortal() outside the portal');
  return value;
}

/** `/p/{slug}/{path}`: links inside the portal, which is mounted under the program's address. */
export function portalPath(slug: string, path = ''): string {
  return path === '' ? `/p/${slug}` : `/p/${slug}/${path}`;
}

const REF_KEY = (slug: string) => `tessera.member.${slug}.ref`;

/** A `?ref=` code survives the detour through the sign-in page and a reload, but not the sign-up it was meant for. */
export function rememberReferral(slug: string, code: string | null): string | undefined {
  if (code !== null && code.trim() !== '')
    window.localStorage.setItem(REF_KEY(slug), code.trim().toUpperCase());
  return window.localStorage.getItem(REF_KEY(slug)) ?? undefined;
}

export function forgetReferral(slug: string): void {
  window.localStorage.removeItem(REF_KEY(slug));
}
