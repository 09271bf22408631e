#!/usr/bin/env node
// Runs the compiled CLI; `npm run build` produces it.
import('../dist/cli/index.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('Tessera is not built yet: run `npm run build` first.');
    process.exit(1);
  }
  throw error;
});
