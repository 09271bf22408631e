import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The real datasets the tests run on (CDNOW, The Complete Journey) live beside the repository in `../shared/data`,
 * not in it (their terms allow tests, not redistribution). TESSERA_SHARED_DATA points elsewhere. A missing folder is
 * an error, not a skip: the acceptance tests must run on the real data.
 */
export function sharedData(...parts: string[]): string {
  const root =
    process.env.TESSERA_SHARED_DATA ??
    resolve(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'data');
  const path = join(root, ...parts);
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: the datasets belong in ../shared/data beside the repository (or set TESSERA_SHARED_DATA)`,
    );
  }
  return path;
}
