import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from './helpers/net.js';

/**
 * Smoke test of the shipped build on the embedded default: no DATABASE_URL, PGlite in a data directory — what
 * `npm start` does on a bare machine. Runs whatever TEST_DATABASE_URL says, since it never uses a server.
 */
const serverDir = path.resolve(import.meta.dirname, '..');
const dist = path.join(serverDir, 'dist');
const run = promisify(execFile);
let dataDir: string;

function embeddedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TESSERA_DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extra };
  delete env.DATABASE_URL;
  return env;
}

/** Collects a child's stdout so that a line can be awaited whenever it was printed. */
function outputOf(child: ChildProcess) {
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
  });
  return async (pattern: RegExp, ms: number): Promise<string> => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const line = buffer.split('\n').find((l) => pattern.test(l));
      if (line !== undefined) return line;
      if (child.exitCode !== null)
        throw new Error(`server exited with ${child.exitCode}; output:\n${buffer}`);
      await sleep(50);
    }
    throw new Error(`timed out waiting for ${pattern}; output:\n${buffer}`);
  };
}

before(() => {
  assert.ok(fs.existsSync(path.join(dist, 'main.js')), 'run `npm run build` before the tests');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-smoke-'));
});
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('the CLI migrates and creates a key in the embedded database', async () => {
  const migrate = await run('node', [path.join(dist, 'cli/index.js'), 'migrate'], { env: embeddedEnv() });
  assert.match(migrate.stdout, /Applied: 0001_foundation, 0002_ledger|up to date/);
  const created = await run(
    'node',
    [path.join(dist, 'cli/index.js'), 'api-keys', 'create', '--json', '--name', 'ci'],
    {
      env: embeddedEnv(),
    },
  );
  const key = JSON.parse(created.stdout) as { secret: string; scope: string };
  assert.equal(key.scope, 'server');
  assert.match(key.secret, /^tsk_/);
  const verify = await run('node', [path.join(dist, 'cli/index.js'), 'ledger', 'verify'], {
    env: embeddedEnv(),
  });
  assert.match(verify.stdout, /no drift/);
  const bad = await run('node', [path.join(dist, 'cli/index.js'), 'api-keys', 'create', '--scope', 'root'], {
    env: embeddedEnv(),
  }).catch((e: { code: number; stderr: string }) => e);
  assert.equal((bad as { code: number }).code, 1);
  assert.match((bad as { stderr: string }).stderr, /--scope must be server or publishable/);
});

test('the built server starts on the embedded default with demo data, serves, and stops cleanly', async () => {
  const port = await freePort();
  const child = spawn('node', [path.join(dist, 'main.js')], {
    env: embeddedEnv({ PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const waitFor = outputOf(child);
  try {
    const demoLine = await waitFor(/demo data ready/, 120_000);
    const apiKey = (JSON.parse(demoLine) as { apiKey: string }).apiKey;
    await waitFor(/Server listening/, 30_000);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200);
    const members = await fetch(`http://127.0.0.1:${port}/v1/members?limit=5`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    assert.equal(members.status, 200);
    const page = (await members.json()) as { data: { email: string }[]; nextCursor: string | null };
    assert.equal(page.data.length, 5);
    assert.ok(page.nextCursor);
    assert.ok(page.data.every((m) => m.email.includes('@')));
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0, 'SIGTERM shuts down gracefully with exit code 0');
  }
});
