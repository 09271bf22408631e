import i18next from 'i18next';
import { type ReactNode, useCallback, useRef, useState } from 'react';
import { ApiError, toApiError } from '../../api/client.js';
import { tokenFor } from '../../api/session.js';
import { type AdminRole, canWrite, useAdmin } from '../context.js';

/** May the signed-in user change things in this area? Write buttons are hidden rather than refused by the server. */
export function useCanWrite(area: Parameters<typeof canWrite>[1] = 'program'): boolean {
  return canWrite(useAdmin().user.role, area);
}

export function useRole(): AdminRole {
  return useAdmin().user.role;
}

/** Every field error of a problem document, keyed by its JSON pointer (`/rules/0/name`). */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  const errors = (error.problem.errors ?? []) as { field?: string; pointer?: string; message?: string }[];
  for (const e of errors) {
    const field = e.field ?? e.pointer;
    if (field !== undefined && out[field] === undefined) out[field] = e.message ?? error.detail;
  }
  if (error.field !== undefined && out[error.field] === undefined) out[error.field] = error.detail;
  return out;
}

/**
 * A form's submission: one request at a time, its failure kept for the error box and field errors, and a success
 * message for the status line. `run` resolves to undefined when the request failed.
 */
export function useSubmit() {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>();
  const [success, setSuccess] = useState<string>();
  const busy = useRef(false);
  const run = useCallback(async <T,>(action: () => Promise<T>, done?: string): Promise<T | undefined> => {
    if (busy.current) return undefined;
    busy.current = true;
    setSending(true);
    setError(undefined);
    setSuccess(undefined);
    try {
      const result = await action();
      if (done !== undefined) setSuccess(done);
      return result;
    } catch (failure) {
      setError(failure);
      return undefined;
    } finally {
      busy.current = false;
      setSending(false);
    }
  }, []);
  return { run, sending, error, success, setError, setSuccess, errors: fieldErrors(error) };
}

export function SuccessMessage({ children }: { children: ReactNode }) {
  if (children === undefined || children === null || children === '') return null;
  return (
    <p className="success-box" role="status">
      {children}
    </p>
  );
}

/** "a, b ,c" → ["a", "b", "c"]: lists of codes are typed comma-separated. */
export function splitList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}

export function joinList(values: readonly string[] | undefined): string {
  return (values ?? []).join(', ');
}

/** Fraction digits of a currency (2 for EUR, 0 for JPY): the API speaks integer minor units. */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/** A calendar day (YYYY-MM-DD, already in the program's zone) as text, without shifting it through a time zone. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return day;
  return new Intl.DateTimeFormat(i18next.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** Counts for chart axes: "120K" rather than "120,000", so tick labels fit. */
export function compactNumber(value: number): string {
  return new Intl.NumberFormat(i18next.language, { notation: 'compact', maximumFractionDigits: 1 }).format(
    value,
  );
}

/** Optional integer from a text input: blank → undefined. */
export function toInt(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? Math.trunc(value) : undefined;
}

export function toNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? value : undefined;
}

/** YYYY-MM-DD of a date in the browser's zone: the value of an <input type="date">. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function daysAgo(days: number): string {
  return isoDay(new Date(Date.now() - days * 86_400_000));
}

/** <input type="datetime-local"> value ⇄ ISO timestamp (the browser's time zone). */
export function localToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function isoToLocal(iso: string | undefined | null): string {
  if (iso === undefined || iso === null) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${isoDay(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A code derived from a name: "Double points — shoes" → "double-points-shoes". */
export function slugify(name: string, fallback = 'item'): string {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug === '' ? fallback : slug;
}

/**
 * Downloads a file from the API with the console's bearer token: a plain link would go out without it.
 */
export async function downloadWithAuth(path: string, filename: string): Promise<void> {
  const token = tokenFor('admin');
  const response = await fetch(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => undefined);
    throw toApiError(response.status, body);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
