import type { Audience } from './client.js';

/**
 * Session tokens live in localStorage so a refresh keeps the user signed in. The member's token is kept per program
 * slug: one browser can be a member of two brands' programs.
 */
const ADMIN_KEY = 'tessera.admin.token';
let memberSlug: string | undefined;

function memberKey(slug: string): string {
  return `tessera.member.${slug}.token`;
}

export function setMemberProgram(slug: string): void {
  memberSlug = slug;
}

export function tokenFor(audience: Audience): string | undefined {
  const key = audience === 'admin' ? ADMIN_KEY : memberSlug === undefined ? undefined : memberKey(memberSlug);
  if (key === undefined) return undefined;
  return window.localStorage.getItem(key) ?? undefined;
}

export function saveToken(audience: Audience, token: string | undefined): void {
  const key = audience === 'admin' ? ADMIN_KEY : memberSlug === undefined ? undefined : memberKey(memberSlug);
  if (key === undefined) return;
  if (token === undefined) window.localStorage.removeItem(key);
  else window.localStorage.setItem(key, token);
}
