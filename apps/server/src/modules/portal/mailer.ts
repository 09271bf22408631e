import nodemailer from 'nodemailer';
import type { SmtpConfig } from '../../config/config.js';

/** A sign-in code on its way to a member's inbox. */
export interface SignInCodeMessage {
  to: string;
  code: string;
  programName: string;
  /** The program's portal address (its slug), for the log and the link in the mail. */
  programSlug: string;
  expiresInMinutes: number;
}

/**
 * How sign-in codes leave the server. Resolving means the message was handed over (to the SMTP server, to the log,
 * or to a test); rejecting means it was not, and the caller must not tell the member a code is on its way.
 */
export interface Mailer {
  sendSignInCode(message: SignInCodeMessage): Promise<void>;
}

function subject(m: SignInCodeMessage): string {
  return `${m.code} is your ${m.programName} sign-in code`;
}

function text(m: SignInCodeMessage): string {
  return [
    `Your ${m.programName} sign-in code is ${m.code}.`,
    '',
    `It works once and expires in ${m.expiresInMinutes} minutes.`,
    'If you did not ask for it, ignore this email: nobody can sign in without the code.',
  ].join('\n');
}

/**
 * Sends through the configured SMTP server. The timeouts are short because a member is waiting on the sign-in
 * screen: a server that cannot take the message within seconds is better reported than waited for.
 */
export function smtpMailer(config: SmtpConfig): Mailer {
  const transport = nodemailer.createTransport({
    url: config.url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async sendSignInCode(m) {
      await transport.sendMail({ from: config.from, to: m.to, subject: subject(m), text: text(m) });
    },
  };
}

interface InfoLog {
  info(obj: object, msg: string): void;
}

/**
 * Without SMTP (development, demos, browser tests) the code goes to the server log at info level under a stable
 * message, so a developer or a test can read it: never configure this in production.
 */
export function logMailer(log: InfoLog): Mailer {
  return {
    async sendSignInCode(m) {
      log.info({ email: m.to, code: m.code, program: m.programSlug }, 'member sign-in code');
    },
  };
}
