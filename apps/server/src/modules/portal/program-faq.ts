import type { LedgerPolicy } from '../ledger/policy.js';
import type { Program } from '../tenants/programs.repository.js';
import type { Definitions } from '../tiers/definitions.js';
import { baseRateWords, pointsWords } from './earn-words.js';
import type { ProgramPage } from './program-page.schemas.js';

type Faq = ProgramPage['faq'];

function span(days: number, months: number): string {
  const parts = [
    ...(months > 0 ? [`${months} month${months === 1 ? '' : 's'}`] : []),
    ...(days > 0 ? [`${days} day${days === 1 ? '' : 's'}`] : []),
  ];
  return parts.join(' and ') || 'no time';
}

function expiryAnswer(policy: LedgerPolicy, program: Program, defs: Definitions | null): string {
  const p = program.pointName;
  const term = span(policy.expiryDays, policy.expiryMonths);
  let answer: string;
  if (policy.expiryMode === 'never') answer = `No. Your ${p} do not expire.`;
  else if (policy.expiryMode === 'inactivity') {
    answer = `Only if your account is inactive: all your ${p} expire after ${term} without a purchase or redemption. Any purchase or redemption starts the clock again.`;
  } else {
    const rounded = policy.expiryRoundTo === 'none' ? '' : `, at the end of that ${policy.expiryRoundTo}`;
    answer = `Yes. ${p.charAt(0).toUpperCase()}${p.slice(1)} expire ${term} after you earn them${rounded}. The oldest are used first when you redeem, and your balance page shows what expires when.`;
  }
  const exempt = policy.expiryExemptTiers.map((c) => defs?.byCode.get(c)?.name ?? c);
  if (policy.expiryMode !== 'never' && exempt.length > 0) {
    answer += ` While you are ${exempt.join(' or ')}, your ${p} never expire.`;
  }
  return answer;
}

/** Frequently asked questions answered from the program's configuration: policy, tiers and catalog. */
export function programFaq(
  program: Program,
  policy: LedgerPolicy,
  defs: Definitions | null,
  tiers: ProgramPage['tiers'],
  cheapestReward: number | null,
): Faq {
  const p = program.pointName;
  const faq: Faq = [
    {
      id: 'earn',
      question: `How do I earn ${p}?`,
      answer: `Join, then earn ${baseRateWords(policy, program)}. Show your member card at the till or sign in when you shop online; the other ways to earn are listed on this page.`,
    },
    {
      id: 'pending',
      question: `When can I use my ${p}?`,
      answer:
        policy.pendingDays > 0
          ? `${p.charAt(0).toUpperCase()}${p.slice(1)} from a purchase become available ${policy.pendingDays} day${policy.pendingDays === 1 ? '' : 's'} after it, once the return period has passed. Until then they show as pending.`
          : `Right away: ${p} are added to your balance as soon as the purchase is recorded.`,
    },
    { id: 'expiry', question: `Do my ${p} expire?`, answer: expiryAnswer(policy, program, defs) },
  ];
  if (tiers !== null) {
    faq.push({
      id: 'tiers',
      question: 'How do tiers work, and how do I keep mine?',
      answer: `${tiers.windowText} ${tiers.keepText}`,
    });
  }
  faq.push(
    {
      id: 'redeem',
      question: `How do I redeem my ${p}?`,
      answer:
        cheapestReward === null
          ? `Sign in and open Rewards: rewards you can afford can be redeemed there for a code to show at checkout.`
          : `Sign in and open Rewards: rewards start at ${pointsWords(cheapestReward, program)}. Choose one you have enough ${p} for and redeem it; you get a code (with a QR code) to show at checkout or enter online.`,
    },
    {
      id: 'returns',
      question: 'What happens when I return something?',
      answer:
        policy.returnPolicy === 'negative'
          ? `The ${p} the returned items earned are taken back. If you have already spent them, your balance can go below zero and is made up from what you earn next.`
          : `The ${p} the returned items earned are taken back, as far as your balance allows.`,
    },
    {
      id: 'sign-in',
      question: 'How do I sign in?',
      answer:
        'Enter your email address and we send you a 6-digit code, valid for 10 minutes. There is no password to remember.',
    },
  );
  return faq;
}
