import { writeFileSync } from 'node:fs';
import { openDatabase } from '../src/db/database.js';
import { buildApp } from '../src/http/app.js';

/**
 * Writes the server's OpenAPI document (the same one /openapi.json serves) to the file given as the first argument,
 * or to stdout. The web app's typed client is generated from it. Building the document needs no data, so an
 * in-memory embedded database without migrations is enough.
 */
const handle = await openDatabase({ dataDir: undefined });
try {
  const app = await buildApp({ db: handle.db });
  const response = await app.inject({ method: 'GET', url: '/openapi.json' });
  if (response.statusCode !== 200) throw new Error(`GET /openapi.json answered ${response.statusCode}`);
  const document = `${JSON.stringify(response.json(), null, 2)}\n`;
  const target = process.argv[2];
  if (target === undefined) process.stdout.write(document);
  else writeFileSync(target, document);
  await app.close();
} finally {
  await handle.close();
}
