// The record snapshot between runs: written by apply --snapshot, read by plan --previous. It is parsed
// as it streams in (@streamparser/json), so that only its digests are held, never the file's text
// beside them, and a file that is not a snapshot is refused at its first character.
import { TokenParser, Tokenizer, TokenType } from '@streamparser/json';
import { writeFileAtomically, type UnwritableError } from './file-output.js';
import type { PlainResult } from '../core/result.js';
import { displayName, streamText, UnreadableText, type Stdin } from './input-file.js';
import { validateSnapshot, type RecordSnapshot } from './sync.js';

/** A --previous file that is not a record snapshot (the last run's CSV, say). */
export interface SnapshotFileError {
  readonly kind: 'invalid_snapshot_file';
  readonly message: string;
}

/** Something other than a snapshot: found as soon as it shows, so that a large file is not read on. */
class NotASnapshot extends Error {}

/** The parts of a snapshot the file holds, read from `text`; throws NotASnapshot. */
async function snapshotParts(text: AsyncIterable<string>): Promise<{ version?: unknown; digests?: unknown }> {
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ['$.version', '$.digests'], keepStack: false });
  const parts: { version?: unknown; digests?: unknown } = {};
  let first = true;
  tokenizer.onToken = (token) => {
    if (first && token.token !== TokenType.LEFT_BRACE) throw new NotASnapshot();
    first = false;
    parser.write(token);
  };
  parser.onValue = ({ value, key }) => void (parts[key as 'version' | 'digests'] = value);
  try {
    for await (const chunk of text) tokenizer.write(chunk);
    tokenizer.end();
  } catch (error) {
    if (error instanceof UnreadableText) throw error;
    throw new NotASnapshot();
  }
  if (!parser.isEnded) throw new NotASnapshot();
  return parts;
}

/** Reads `path` ("-": `stdin`) as the snapshot apply --snapshot wrote. */
export async function readSnapshotFile(path: string, stdin: Stdin): Promise<PlainResult<RecordSnapshot, SnapshotFileError>> {
  const name = displayName(path);
  try {
    const snapshot = validateSnapshot(await snapshotParts(streamText(path === '-' ? stdin : path, name)));
    if (snapshot.ok) return snapshot;
  } catch (error) {
    if (error instanceof UnreadableText) return { ok: false, error: { kind: 'invalid_snapshot_file', message: error.message } };
    if (!(error instanceof NotASnapshot)) throw error;
  }
  const message = `${name} is not a record snapshot: --previous takes the file that apply --snapshot FILE writes, `
    + 'not the last run\'s input. Apply a plan with --snapshot FILE once, then plan with --previous FILE';
  return { ok: false, error: { kind: 'invalid_snapshot_file', message } };
}

/** Writes the snapshot for the next plan's --previous. */
export function writeSnapshotFile(path: string, snapshot: RecordSnapshot): Promise<PlainResult<undefined, UnwritableError>> {
  return writeFileAtomically(path, `${JSON.stringify(snapshot)}\n`, 'the record snapshot');
}
