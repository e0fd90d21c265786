// The record snapshot between runs: written by apply --snapshot, read by plan --previous.
import { writeFileAtomically, type UnwritableError } from './file-output.js';
import { parseJson } from './json-text.js';
import { displayName, readText, type Stdin } from './read-text.js';
import { validateSnapshot, type RecordSnapshot } from './sync.js';

/** A --previous file that is not a record snapshot (the last run's CSV, say). */
export interface SnapshotFileError {
  readonly kind: 'invalid_snapshot_file';
  readonly message: string;
}

/** Reads `path` ("-": `stdin`) as the snapshot apply --snapshot wrote. */
export async function readSnapshotFile(
  path: string,
  stdin: Stdin,
): Promise<{ ok: true; data: RecordSnapshot } | { ok: false; error: SnapshotFileError }> {
  const text = await readText(path, stdin);
  if (!text.ok) return { ok: false, error: { kind: 'invalid_snapshot_file', message: text.error.message } };
  const parsed = parseJson(text.data);
  const snapshot = parsed.ok ? validateSnapshot(parsed.data) : undefined;
  if (snapshot?.ok) return snapshot;
  const message = `${displayName(path)} is not a record snapshot: --previous takes the file that apply --snapshot FILE writes, `
    + 'not the last run\'s input. Apply a plan with --snapshot FILE once, then plan with --previous FILE';
  return { ok: false, error: { kind: 'invalid_snapshot_file', message } };
}

/** Writes the snapshot for the next plan's --previous. */
export function writeSnapshotFile(path: string, snapshot: RecordSnapshot): Promise<{ ok: true } | { ok: false; error: UnwritableError }> {
  return writeFileAtomically(path, `${JSON.stringify(snapshot)}\n`, 'the record snapshot');
}
