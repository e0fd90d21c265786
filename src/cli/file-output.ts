// Files the command line writes (the plan, the record snapshot): beside the target, then renamed,
// so that a reader never sees half a file.
import { rename, writeFile } from 'node:fs/promises';
import type { PlainResult } from '../core/result.js';

/** A file that could not be written; the message names it and the system's code. */
export interface UnwritableError {
  readonly kind: 'unwritable';
  readonly message: string;
}

/** Writes `text` to `path` (owner-only) through a temporary file renamed into place; `what` names it in the error. */
export async function writeFileAtomically(path: string, text: string, what: string): Promise<PlainResult<undefined, UnwritableError>> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, text, { mode: 0o600 });
    await rename(temporary, path);
    return { ok: true, data: undefined };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unknown error';
    return { ok: false, error: { kind: 'unwritable', message: `cannot write ${what} to ${path}: ${code}` } };
  }
}
