import { randomInt } from 'node:crypto';
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { IdentityType } from './members.schemas.js';

export type NormalizeResult = { ok: true; value: string } | { ok: false; message: string };

// One pragmatic shape check; full RFC 5322 is neither needed nor what users mean by "an email".
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SOURCE_ID = /^([a-z0-9][a-z0-9_.-]{0,39}):(\S.{0,199})$/i;

export function normalizeEmail(raw: string): NormalizeResult {
  const value = raw.trim().toLowerCase();
  return EMAIL.test(value) ? { ok: true, value } : { ok: false, message: 'is not a valid email address' };
}

/** Phones are stored as E.164 so "+49 30 1234567" and "030 1234567" (in DE) are one identity. */
export function normalizePhone(raw: string, defaultCountry: string | null): NormalizeResult {
  const parsed = parsePhoneNumberFromString(raw, (defaultCountry ?? undefined) as CountryCode | undefined);
  if (parsed === undefined || !parsed.isValid()) {
    return {
      ok: false,
      message: defaultCountry
        ? 'is not a valid phone number'
        : 'is not a valid phone number (use international format, e.g. +4930123456)',
    };
  }
  return { ok: true, value: parsed.number };
}

function normalizeCard(raw: string): NormalizeResult {
  const value = raw.replace(/[\s-]/g, '').toUpperCase();
  return /^[0-9A-Z]{6,32}$/.test(value)
    ? { ok: true, value }
    : { ok: false, message: 'must be 6 to 32 letters or digits' };
}

/** "Shopify:8123" and "shopify:8123" are the same customer; the id part keeps its case. */
function normalizeSourceId(raw: string, what: string): NormalizeResult {
  const match = SOURCE_ID.exec(raw.trim());
  if (match === null || match[1] === undefined || match[2] === undefined) {
    return { ok: false, message: `must look like "${what}"` };
  }
  return { ok: true, value: `${match[1].toLowerCase()}:${match[2]}` };
}

function normalizeSocial(raw: string): NormalizeResult {
  const result = normalizeSourceId(raw, 'network:handle');
  if (!result.ok) return result;
  const [network, ...rest] = result.value.split(':');
  const handle = rest.join(':').replace(/^@/, '').toLowerCase();
  return handle ? { ok: true, value: `${network}:${handle}` } : { ok: false, message: 'has an empty handle' };
}

export function normalizeIdentity(
  type: IdentityType,
  raw: string,
  defaultCountry: string | null,
): NormalizeResult {
  switch (type) {
    case 'email':
      return normalizeEmail(raw);
    case 'phone':
      return normalizePhone(raw, defaultCountry);
    case 'card':
      return normalizeCard(raw);
    case 'external':
      return normalizeSourceId(raw, 'source:id');
    case 'social':
      return normalizeSocial(raw);
  }
}

/** Luhn (mod 10) check digit for a string of digits, as printed on payment and loyalty cards. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

export function isLuhnValid(number: string): boolean {
  return /^\d{2,}$/.test(number) && luhnCheckDigit(number.slice(0, -1)) === Number(number.slice(-1));
}

/**
 * A 16-digit card number: a fixed leading 9 (outside payment-card ranges, so POS systems don't mistake it for a
 * bank card), 14 random digits and a Luhn check digit that catches any single mistyped digit.
 */
export function generateCardNumber(): string {
  let body = '9';
  for (let i = 0; i < 14; i++) body += String(randomInt(10));
  return `${body}${luhnCheckDigit(body)}`;
}
