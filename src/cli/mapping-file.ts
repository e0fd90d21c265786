// Reads the JSON mapping file; the sync library's parseMapping then checks what it says.
import type { PlainResult } from '../core/result.js';
import { displayName, readJsonFile, type Stdin } from './input-file.js';
import type { InvalidMappingError } from './sync.js';

/** A mapping file that cannot be read or is not JSON; `message` names the line and column. */
export interface MappingFileError {
  readonly kind: 'invalid_mapping_file';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** Reads `path` ("-" reads `stdin`) and parses it as JSON: the value for `parseMapping`. */
export async function readMappingFile(path: string, stdin: Stdin): Promise<PlainResult<unknown, MappingFileError>> {
  const read = await readJsonFile(path, stdin);
  if (read.ok) return read;
  const { kind: _kind, ...where } = read.error;
  return { ok: false, error: { kind: 'invalid_mapping_file', ...where } };
}

/** The lines that say what `parseMapping` found wrong: one per issue, each naming its key. */
export function mappingIssueLines(path: string, error: InvalidMappingError): string[] {
  if (error.issues.length === 0) return [`${displayName(path)}: ${error.message}`];
  return error.issues.map((issue) => `${displayName(path)}: ${issue.path === '' ? '(top level)' : issue.path}: ${issue.problem}`);
}
