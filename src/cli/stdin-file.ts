// Standard input copied to a file of its own as it arrives, so that records piped in are checked
// through before any request and then read again into the plan, as a file's are, without being
// held in memory. The file lives in a folder only its owner can read, removed once the plan is made.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PlainResult } from '../core/result.js';
import type { Stdin } from './input-file.js';

/** Standard input in a file: its path, and how to remove it. */
export interface StdinFile {
  readonly path: string;
  readonly remove: () => Promise<void>;
}

/** Copies `stdin` to a new file; an error reading it is the message to report. */
export async function copyStdin(stdin: Stdin): Promise<PlainResult<StdinFile, { readonly message: string }>> {
  const folder = await mkdtemp(join(tmpdir(), 'user-attributes-sdk-'));
  const path = join(folder, 'standard-input');
  const remove = () => rm(folder, { recursive: true, force: true });
  try {
    await pipeline(Readable.from(stdin, { objectMode: false }), createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await remove();
    return { ok: false, error: { message: `cannot read standard input: ${(error as Error).message}` } };
  }
  return { ok: true, data: { path, remove } };
}
