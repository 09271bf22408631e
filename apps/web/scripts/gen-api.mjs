// Regenerates src/api/schema.d.ts from the server's OpenAPI document, so the client is typed from the same schemas
// that validate requests. Run after changing a route: `npm run gen:api -w @tessera/web`. An argument writes elsewhere
// (the freshness test compares a fresh generation with the committed file).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const server = join(web, '..', 'server');
const dir = mkdtempSync(join(tmpdir(), 'tessera-openapi-'));
const document = join(dir, 'openapi.json');
const output = process.argv[2] ?? join(web, 'src/api/schema.d.ts');
try {
  execFileSync('npx', ['tsx', 'scripts/openapi.ts', document], { cwd: server, stdio: 'inherit' });
  execFileSync('npx', ['openapi-typescript', document, '-o', output], {
    cwd: web,
    stdio: 'inherit',
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
