import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { Db } from '../src/db/database.js';
import { ProblemError } from '../src/http/problem.js';
import { findAccount } from '../src/modules/ledger/accounts.repository.js';
import { walletBalance } from '../src/modules/ledger/balance.js';
import { clawBack } from '../src/modules/ledger/clawback.js';
import { credit } from '../src/modules/ledger/credit.js';
import { debit } from '../src/modules/ledger/debit.js';
import { expireWallet, walletsDueForExpiry } from '../src/modules/ledger/expire.js';
import { captureHold, createHold, releaseHold } from '../src/modules/ledger/holds.js';
import type { JournalRow } from '../src/modules/ledger/journals.repository.js';
import { DEFAULT_POLICY, type LedgerPolicy } from '../src/modules/ledger/policy.js';
import { type LedgerScope, MAIN_WALLET } from '../src/modules/ledger/scope.js';
import { mergeWallet, transfer } from '../src/modules/ledger/transfer.js';
import { verifyLedger } from '../src/modules/ledger/verify.js';
import { enrolMember } from '../src/modules/members/enrol-member.js';
import { createProgram } from '../src/modules/tenants/programs.service.js';
import { ensureDefaultTenant } from '../src/modules/tenants/tenants.service.js';
import { createTestDatabase, type TestDatabase } from './helpers/database.js';

/**
 * Random sequences of every ledger operation across several members; after every step the ledger's invariants must
 * hold: journals balance, cached balance = entries = lots - debt, lots within bounds, available never negative,
 * and no return takes back more than its earn awarded.
 */
const MEMBERS = 3;
const Op = fc.oneof(
  fc.record({
    op: fc.constant('earn' as const),
    m: fc.nat(MEMBERS - 1),
    amount: fc.integer({ min: 1, max: 500 }),
  }),
  fc.record({
    op: fc.constant('spend' as const),
    m: fc.nat(MEMBERS - 1),
    amount: fc.integer({ min: 1, max: 400 }),
  }),
  fc.record({
    op: fc.constant('hold' as const),
    m: fc.nat(MEMBERS - 1),
    amount: fc.integer({ min: 1, max: 300 }),
  }),
  fc.record({ op: fc.constant('capture' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('advance' as const), days: fc.integer({ min: 1, max: 120 }) }),
  fc.record({
    op: fc.constant('adjust' as const),
    m: fc.nat(MEMBERS - 1),
    amount: fc.integer({ min: -200, max: 200 }),
  }),
  fc.record({
    op: fc.constant('transfer' as const),
    from: fc.nat(MEMBERS - 1),
    to: fc.nat(MEMBERS - 1),
    amount: fc.integer({ min: 1, max: 300 }),
  }),
  fc.record({ op: fc.constant('return' as const), pick: fc.nat(), share: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ op: fc.constant('merge' as const), from: fc.nat(MEMBERS - 1), to: fc.nat(MEMBERS - 1) }),
);
type OpT = typeof Op extends fc.Arbitrary<infer T> ? T : never;

let database: TestDatabase;
let tenantId: string;
before(async () => {
  database = await createTestDatabase();
  tenantId = (await ensureDefaultTenant(database.db)).tenant.id;
});
after(() => database.close());

interface World {
  db: Db;
  scope: LedgerScope;
  members: string[];
  alive: boolean[];
  now: Date;
  earns: { journal: JournalRow; amount: number; clawed: number; member: number }[];
  holds: { id: string; member: number }[];
}

const wallet = (w: World, m: number) => ({ memberId: w.members[m] as string, ...MAIN_WALLET });

async function step(w: World, db: Db, o: OpT): Promise<void> {
  const meta = { occurredAt: w.now, explanation: o.op };
  const live = (m: number) => w.alive[m] === true;
  switch (o.op) {
    case 'earn': {
      if (!live(o.m)) return;
      const journal = await credit(db, w.scope, {
        ...meta,
        wallet: wallet(w, o.m),
        amount: o.amount,
        kind: 'earn',
        counter: 'issued',
      });
      w.earns.push({ journal, amount: o.amount, clawed: 0, member: o.m });
      return;
    }
    case 'spend':
      if (!live(o.m)) return;
      await debit(db, w.scope, {
        ...meta,
        wallet: wallet(w, o.m),
        amount: o.amount,
        kind: 'spend',
        counter: 'redeemed',
        now: w.now,
      });
      return;
    case 'hold': {
      if (!live(o.m)) return;
      const hold = await createHold(db, w.scope, {
        wallet: wallet(w, o.m),
        amount: o.amount,
        reference: null,
        now: w.now,
        ttlSeconds: 86_400 * 365,
      });
      w.holds.push({ id: hold.id, member: o.m });
      return;
    }
    case 'capture':
    case 'release': {
      const h = w.holds[o.pick % Math.max(1, w.holds.length)];
      if (!h) return;
      w.holds = w.holds.filter((x) => x !== h);
      const input = { wallet: wallet(w, h.member), holdId: h.id, now: w.now };
      if (o.op === 'capture') await captureHold(db, w.scope, input);
      else await releaseHold(db, w.scope, input);
      return;
    }
    case 'advance': {
      w.now = new Date(w.now.getTime() + o.days * 86_400_000);
      for (const id of await walletsDueForExpiry(db, w.scope, w.now))
        await expireWallet(db, w.scope, id, w.now);
      return;
    }
    case 'adjust':
      if (!live(o.m) || o.amount === 0) return;
      if (o.amount > 0)
        await credit(db, w.scope, {
          ...meta,
          wallet: wallet(w, o.m),
          amount: o.amount,
          kind: 'adjust_credit',
          counter: 'adjustments',
        });
      else
        await debit(db, w.scope, {
          ...meta,
          wallet: wallet(w, o.m),
          amount: -o.amount,
          kind: 'adjust_debit',
          counter: 'adjustments',
          now: w.now,
        });
      return;
    case 'transfer':
      if (!live(o.from) || !live(o.to) || o.from === o.to) return;
      await transfer(db, w.scope, {
        ...meta,
        from: wallet(w, o.from),
        to: wallet(w, o.to),
        amount: o.amount,
        now: w.now,
      });
      return;
    case 'return': {
      const e = w.earns[o.pick % Math.max(1, w.earns.length)];
      if (!e) return;
      const amount = Math.min(e.amount - e.clawed, Math.ceil((e.amount * o.share) / 100));
      if (amount <= 0) return;
      const owner = w.alive[e.member] ? e.member : w.alive.indexOf(true);
      await clawBack(db, w.scope, {
        ...meta,
        wallet: wallet(w, owner),
        earn: e.journal,
        amount,
        kind: 'return',
        now: w.now,
      });
      e.clawed += amount;
      return;
    }
    case 'merge': {
      if (!live(o.from) || !live(o.to) || o.from === o.to || w.holds.some((h) => h.member === o.from)) return;
      await mergeWallet(db, w.scope, { ...meta, duplicate: wallet(w, o.from), survivor: wallet(w, o.to) });
      w.alive[o.from] = false;
      for (const e of w.earns) if (e.member === o.from) e.member = o.to;
      return;
    }
  }
}

async function checkInvariants(w: World): Promise<void> {
  assert.deepEqual(await verifyLedger(w.db, w.scope.programId), []);
  for (const memberId of w.members) {
    const account = await findAccount(w.db, { ...w.scope, memberId, ...MAIN_WALLET });
    if (!account) continue;
    const b = await walletBalance(w.db, account, w.scope.timezone, w.now);
    assert.ok(b.available >= 0, 'available never below zero');
    assert.ok(b.debt >= 0);
  }
  for (const e of w.earns) assert.ok(e.clawed <= e.amount, 'no return claws more than its earn awarded');
}

function policyArb(): fc.Arbitrary<LedgerPolicy> {
  return fc
    .record({
      pendingDays: fc.constantFrom(0, 0, 14),
      expiryMode: fc.constantFrom('never' as const, 'after_earn' as const, 'inactivity' as const),
      expiryMonths: fc.integer({ min: 1, max: 6 }),
      expiryRoundTo: fc.constantFrom('none' as const, 'month' as const, 'quarter' as const),
      returnPolicy: fc.constantFrom('negative' as const, 'clip' as const),
    })
    .map((p) => ({ ...DEFAULT_POLICY, ...p, transfersAllowed: true }));
}

let run = 0;
test('ledger invariants hold after every step of random operation sequences', {
  timeout: 600_000,
}, async () => {
  await fc.assert(
    fc.asyncProperty(policyArb(), fc.array(Op, { minLength: 5, maxLength: 40 }), async (policy, ops) => {
      const db = database.db;
      run++;
      const program = await createProgram(db, tenantId, {
        slug: `p${run}`,
        name: `P${run}`,
        currency: 'EUR',
        timezone: 'Europe/Berlin',
      });
      const scope: LedgerScope = { tenantId, programId: program.id, timezone: program.timezone, policy };
      const members: string[] = [];
      for (let i = 0; i < MEMBERS; i++) members.push((await enrolMember(db, tenantId, program, {})).id);
      const w: World = {
        db,
        scope,
        members,
        alive: members.map(() => true),
        now: new Date('2026-01-10T10:00:00Z'),
        earns: [],
        holds: [],
      };
      for (const o of ops) {
        try {
          await db.transaction().execute((trx) => step(w, trx, o));
        } catch (error) {
          // Refusals (insufficient points and the like) are expected; anything else is a bug.
          if (!(error instanceof ProblemError) || error.status !== 409) throw error;
        }
        await checkInvariants(w);
      }
    }),
    { numRuns: Number(process.env.LEDGER_PROPERTY_RUNS ?? 25), verbose: 1 },
  );
});
