// How the commands get the sync library: loaded once it is needed, so input is checked before.
import type { Output } from '../output.js';
import type { SyncApi } from '../sync-api.js';

/** Loads the sync library; `undefined` when the build has none. */
export type LoadSync = () => Promise<SyncApi | undefined>;

/** The library, or `undefined` after saying on `out` that it is missing. */
export async function requireSync(load: LoadSync, out: Output): Promise<SyncApi | undefined> {
  const library = await load();
  if (!library) out.error({ kind: 'missing_library', message: 'this build of user-attributes-sdk has no sync library (dist/esm/sync)' });
  return library;
}

/** A path as a shell would need it typed: quoted when it holds anything but safe characters. */
export function shellWord(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
