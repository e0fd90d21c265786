// The record snapshot between runs: written by apply --snapshot, read by plan --previous.
import { writeFileAtomically, type UnwritableError } from './file-output.js';
import type { PlainResult } from '../core/result.js';
import { displayName, readJsonFile, type Stdin } from './input-file.js';
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
): Promise<PlainResult<RecordSnapshot, SnapshotFileError>> {
  const parsed = await readJsonFile(path, stdin);
  if (!parsed.ok && parsed.error.kind === 'unreadable') return { ok: false, error: { kind: 'invalid_snapshot_file', message: parsed.error.message } };
  const snapshot = parsed.ok ? validateSnapshot(parsed.data) : undefined;
  if (snapshot?.ok) return snapshot;
  const message = `${displayName(path)} is not a record snapshot: --previous takes the file that apply --snapshot FILE writes, `
    + 'not the last run\'s input. Apply a plan with --snapshot FILE once, then plan with --previous FILE';
  return { ok: false, error: { kind: 'invalid_snapshot_file', message } };
}

/** Writes the snapshot for the next plan's --previous. */
export function writeSnapshotFile(path: string, snapshot: RecordSnapshot): Promise<PlainResult<undefined, UnwritableError>> {
  return writeFileAtomically(path, `${JSON.stringify(snapshot)}\n`, 'the record snapshot');
}
