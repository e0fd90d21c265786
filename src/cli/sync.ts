// The one place the command line reaches the sync library; the commands get it from here.
import type { SyncApi } from './sync-api.js';

// Held in a variable so that neither tsc nor esbuild resolves it at build time: until src/sync/
// is part of the build, `plan` and `apply` report that it is missing instead of failing to load.
const location = '../sync/index.js';

/** Loads the sync library; `undefined` when this build does not include it. */
export async function loadSync(): Promise<SyncApi | undefined> {
  try {
    return (await import(location)) as SyncApi;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND' || (error as { code?: unknown }).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}
