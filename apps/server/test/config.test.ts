import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../src/config/config.js';

test('defaults: port 3000, embedded database in ./.tessera, info logs, demo on first start', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, path.resolve('./.tessera'));
  assert.equal(config.logLevel, 'info');
  assert.equal(config.bootstrapApiKey, undefined);
  assert.equal(config.demoOnFirstStart, true);
  assert.equal(config.databasePoolSize, 20);
});

test('reads every variable', () => {
  const config = loadConfig({
    PORT: '8080',
    DATABASE_URL: 'postgres://u@db:5432/tessera',
    TESSERA_DATA_DIR: '/var/lib/tessera',
    LOG_LEVEL: 'DEBUG',
    BOOTSTRAP_API_KEY: 'a-very-long-bootstrap-secret-123',
    TESSERA_DEMO: 'false',
  });
  assert.equal(config.port, 8080);
  assert.equal(config.databaseUrl, 'postgres://u@db:5432/tessera');
  assert.equal(config.dataDir, '/var/lib/tessera');
  assert.equal(config.logLevel, 'debug');
  assert.equal(config.bootstrapApiKey, 'a-very-long-bootstrap-secret-123');
  assert.equal(config.demoOnFirstStart, false);
});

test('the configuration is frozen', () => {
  const config = loadConfig({});
  assert.ok(Object.isFrozen(config));
  assert.throws(() => {
    (config as { port: number }).port = 1;
  }, TypeError);
});

test('fails fast, naming every invalid variable at once', () => {
  let error: unknown;
  try {
    loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud', BOOTSTRAP_API_KEY: 'short' });
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ConfigError);
  assert.equal(error.problems.length, 4);
  assert.match(error.message, /PORT/);
  assert.match(error.message, /DATABASE_URL/);
  assert.match(error.message, /LOG_LEVEL/);
  assert.match(error.message, /BOOTSTRAP_API_KEY/);
});

test('rejects out-of-range ports and unparsable URLs', () => {
  assert.throws(() => loadConfig({ PORT: '70000' }), /PORT/);
  assert.throws(() => loadConfig({ DATABASE_URL: 'not a url' }), /DATABASE_URL/);
  assert.throws(() => loadConfig({ TESSERA_DEMO: 'maybe' }), /TESSERA_DEMO/);
  assert.throws(() => loadConfig({ DATABASE_POOL_SIZE: '0' }), /DATABASE_POOL_SIZE/);
});
