import assert from 'node:assert/strict';
import net from 'node:net';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { buildApp } from '../src/http/app.js';
import { smtpMailer } from '../src/modules/portal/mailer.js';
import { call, createTestContext, type TestContext } from './helpers/context.js';
import { freePort } from './helpers/net.js';

/** How sign-in codes leave the server: SMTP when configured, the log otherwise; a failed hand-over issues nothing. */
let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(() => ctx.close());

interface Received {
  auth: string | null;
  from: string;
  to: string[];
  data: string;
}

/** Just enough of an SMTP server to accept mail from nodemailer (EHLO, AUTH PLAIN, MAIL, RCPT, DATA, QUIT). */
async function fakeSmtp(): Promise<{ port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = net.createServer((socket) => {
    let buffer = '';
    let inData = false;
    let current: Received = { auth: null, from: '', to: [], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 fake.test ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(current);
            current = { auth: current.auth, from: '', to: [], data: '' };
            reply('250 2.0.0 queued');
          } else current.data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          continue;
        }
        const verb = line.split(' ')[0]?.toUpperCase();
        if (verb === 'EHLO') reply('250-fake.test\r\n250-AUTH PLAIN\r\n250 8BITMIME');
        else if (verb === 'AUTH') {
          current.auth = Buffer.from(line.split(' ')[2] ?? '', 'base64').toString('utf8');
          reply('235 2.7.0 authenticated');
        } else if (verb === 'MAIL') {
          current.from = line;
          reply('250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          current.to.push(line);
          reply('250 2.1.5 ok');
        } else if (verb === 'DATA') {
          inData = true;
          reply('354 go ahead');
        } else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('250 ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('with SMTP configured the code is emailed, and it signs the member in', async () => {
  const smtp = await fakeSmtp();
  const app = await buildApp({
    db: ctx.db,
    mailer: smtpMailer({ url: `smtp://club:s3cret@127.0.0.1:${smtp.port}`, from: 'Club <club@example.com>' }),
  });
  try {
    const res = await call(app, undefined, 'POST', '/v1/portal/programs/default/codes', {
      email: 'mail@example.com',
    });
    assert.equal(res.statusCode, 202, res.body);
    assert.equal(smtp.received.length, 1, 'the mail was handed over before the answer');
    const mail = smtp.received[0] as Received;
    assert.equal(mail.auth, '\u0000club\u0000s3cret');
    assert.match(mail.from, /<club@example\.com>/);
    assert.deepEqual(mail.to, ['RCPT TO:<mail@example.com>']);
    const code = /Your Loyalty program sign-in code is (\d{6})\./.exec(mail.data)?.[1];
    assert.ok(code, mail.data);
    assert.match(mail.data, new RegExp(`Subject: ${code} is your Loyalty program sign-in code`));
    const session = await call(app, undefined, 'POST', '/v1/portal/programs/default/sessions', {
      email: 'mail@example.com',
      code,
      signUp: {},
    });
    assert.equal(session.statusCode, 201, session.body);
  } finally {
    await app.close();
    await smtp.close();
  }
});

test('when the mail server cannot be reached the answer is 503 and no code is left behind', async () => {
  const port = await freePort();
  const app = await buildApp({
    db: ctx.db,
    mailer: smtpMailer({ url: `smtp://127.0.0.1:${port}`, from: 'club@example.com' }),
  });
  try {
    const res = await call(app, undefined, 'POST', '/v1/portal/programs/default/codes', {
      email: 'down@example.com',
    });
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.json().code, 'code_delivery_failed');
    assert.doesNotMatch(res.body, /127\.0\.0\.1|ECONNREFUSED/, 'the mail server is not named to the caller');
    const left = await ctx.db
      .selectFrom('portal_codes')
      .select('id')
      .where('email', '=', 'down@example.com')
      .execute();
    assert.deepEqual(left, []);
  } finally {
    await app.close();
  }
});

test('without SMTP the code is written to the log for development', async () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const app = await buildApp({ db: ctx.db, logger: { level: 'info', stream } });
  try {
    const res = await call(app, undefined, 'POST', '/v1/portal/programs/default/codes', {
      email: 'Dev@Example.com',
    });
    assert.equal(res.statusCode, 202, res.body);
    const logged = lines.find((l) => l.msg === 'member sign-in code');
    assert.ok(logged, 'the stable log message is there');
    assert.equal(logged.email, 'dev@example.com');
    assert.equal(logged.program, 'default');
    assert.match(String(logged.code), /^\d{6}$/);
    const session = await call(app, undefined, 'POST', '/v1/portal/programs/default/sessions', {
      email: 'dev@example.com',
      code: logged.code,
      signUp: {},
    });
    assert.equal(session.statusCode, 201, session.body);
  } finally {
    await app.close();
  }
});

test('SMTP settings are validated at start', () => {
  const smtp = loadConfig({
    SMTP_URL: 'smtp://u:p@mail.example.com:587',
    SMTP_FROM: 'Club <club@example.com>',
  }).smtp;
  assert.deepEqual(smtp, { url: 'smtp://u:p@mail.example.com:587', from: 'Club <club@example.com>' });
  assert.equal(loadConfig({}).smtp, undefined);
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.problems;
    }
  };
  assert.deepEqual(problems({ SMTP_URL: 'smtp://mail.example.com' }), [
    'SMTP_FROM is required when SMTP_URL is set',
  ]);
  assert.deepEqual(problems({ SMTP_FROM: 'club@example.com' }), ['SMTP_FROM is set but SMTP_URL is not']);
  assert.deepEqual(problems({ SMTP_URL: 'http://mail.example.com', SMTP_FROM: 'club@example.com' }), [
    'SMTP_URL must start with smtp:// or smtps://, got "http:"',
  ]);
  assert.deepEqual(problems({ SMTP_URL: 'smtps://mail.example.com', SMTP_FROM: 'not an address' }), [
    'SMTP_FROM must be an address or "Name <address>", got "not an address"',
  ]);
});
