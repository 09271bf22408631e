import { type Faker, fakerDE, fakerEN_GB, fakerFR, fakerIT, fakerNL } from '@faker-js/faker';
import type { MemberCreate } from '../modules/members/members.schemas.js';

interface Market {
  faker: Faker;
  locale: string;
  country: string;
  /** Valid mobile number shapes of the market (libphonenumber accepts them). */
  phone: (f: Faker) => string;
}

const MARKETS: Market[] = [
  { faker: fakerDE, locale: 'de-DE', country: 'DE', phone: (f) => `+49151${f.string.numeric(8)}` },
  { faker: fakerEN_GB, locale: 'en-GB', country: 'GB', phone: (f) => `+44740${f.string.numeric(7)}` },
  { faker: fakerFR, locale: 'fr-FR', country: 'FR', phone: (f) => `+3361${f.string.numeric(7)}` },
  { faker: fakerIT, locale: 'it-IT', country: 'IT', phone: (f) => `+39347${f.string.numeric(7)}` },
  { faker: fakerNL, locale: 'nl-NL', country: 'NL', phone: (f) => `+3161${f.string.numeric(7)}` },
];

const CHANNELS = ['pos', 'web', 'app', 'pos', 'pos', 'web'];
const STORES = ['berlin-mitte', 'hamburg-altona', 'munich-center', 'online', 'cologne-hbf'];

/**
 * A deterministic, realistic member: same index, same person, so demo runs and screenshots are repeatable. They
 * joined on a day in the three years before `now`, which is also when they gave their consents.
 */
export function demoMember(index: number, now: Date): { input: MemberCreate; enrolledAt: Date } {
  const market = MARKETS[index % MARKETS.length] as Market;
  const f = market.faker;
  f.seed(index + 1);
  const firstName = f.person.firstName();
  const lastName = f.person.lastName();
  const channel = CHANNELS[index % CHANNELS.length] ?? 'pos';
  const enrolledAt = f.date.past({ years: 3, refDate: now });
  const since = enrolledAt.toISOString();
  const emailOptIn = f.datatype.boolean({ probability: 0.62 });
  const input: MemberCreate = {
    firstName,
    lastName,
    email: f.internet
      .email({ firstName, lastName, provider: `${f.helpers.slugify(lastName).toLowerCase()}.example` })
      .replace(/@/, `.${index}@`),
    phone: f.datatype.boolean({ probability: 0.7 }) ? market.phone(f) : undefined,
    birthDate: f.date
      .birthdate({ min: 18, max: 80, mode: 'age', refDate: new Date('2026-11-01') })
      .toISOString()
      .slice(0, 10),
    locale: market.locale,
    address: {
      line1: f.location.streetAddress(),
      city: f.location.city(),
      postalCode: f.location.zipCode(),
      country: market.country,
    },
    attributes: {
      favouriteStore: STORES[index % STORES.length] ?? 'online',
      petOwner: f.datatype.boolean({ probability: 0.3 }),
    },
    consents: {
      marketingEmail: { granted: emailOptIn, at: since, source: channel },
      sms: { granted: f.datatype.boolean({ probability: 0.35 }), at: since, source: channel },
      push: { granted: channel === 'app', at: since, source: channel },
      profiling: { granted: f.datatype.boolean({ probability: 0.55 }), at: since, source: channel },
    },
    enrollmentChannel: channel,
  };
  return { input, enrolledAt };
}
