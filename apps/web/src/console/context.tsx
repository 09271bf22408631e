import { createContext, useContext } from 'react';
import type { paths } from '../api/schema.js';

export type AdminRole = 'owner' | 'marketer' | 'support' | 'analyst';

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: AdminRole;
  tenantId: string;
}

export type Program =
  paths['/v1/programs']['get']['responses'][200]['content']['application/json']['data'][number];

export interface AdminContextValue {
  user: AdminUser;
  signOut: () => void;
}

export interface ProgramContextValue {
  /** The program the console is looking at; every program-scoped call passes its id. */
  program: Program;
  programs: Program[];
  selectProgram: (id: string) => void;
  reloadPrograms: () => void;
}

export const AdminContext = createContext<AdminContextValue | undefined>(undefined);
export const ProgramContext = createContext<ProgramContextValue | undefined>(undefined);

/** The signed-in console user; only rendered inside the signed-in shell. */
export function useAdmin(): AdminContextValue {
  const value = useContext(AdminContext);
  if (value === undefined) throw new Error('useAdmin outside the console shell');
  return value;
}

export function useProgram(): ProgramContextValue {
  const value = useContext(ProgramContext);
  if (value === undefined) throw new Error('useProgram outside the console shell');
  return value;
}

/**
 * What a role may change, mirrored from the server's rules so the UI hides buttons the server would refuse.
 * Areas: 'program' = the program's configuration and marketing (program settings, earn rate and expiry, tiers,
 * campaigns, rewards, coupons, segments); 'members' = member care (enrol, profile, identities, point adjustments);
 * 'settings' = owner-only integration settings (API keys, webhooks, console users).
 */
export function canWrite(role: AdminRole, area: 'program' | 'members' | 'settings'): boolean {
  if (role === 'owner') return true;
  if (role === 'marketer') return area !== 'settings';
  if (role === 'support') return area === 'members';
  return false;
}
