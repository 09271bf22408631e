import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('the typed client matches the server: src/api/schema.d.ts is generated from the current OpenAPI document', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-schema-'));
  try {
    const fresh = path.join(dir, 'schema.d.ts');
    execFileSync(process.execPath, ['scripts/gen-api.mjs', fresh], { cwd: web, stdio: 'pipe' });
    const committed = readFileSync(path.join(web, 'src/api/schema.d.ts'), 'utf8');
    assert.ok(
      readFileSync(fresh, 'utf8') === committed,
      'src/api/schema.d.ts is stale: run `npm run gen:api -w @tessera/web` and commit the result',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
