// Reads the JSON mapping file; the sync library's parseMapping then checks what it says.
import { parseJson } from './json-text.js';
import { displayName, readText, type Stdin } from './read-text.js';
import type { InvalidMappingError } from './sync.js';

/** A mapping file that cannot be read or is not JSON; `message` names the line and column. */
export interface MappingFileError {
  readonly kind: 'invalid_mapping_file';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** Reads `path` ("-" reads `stdin`) and parses it as JSON: the value for `parseMapping`. */
export async function readMappingFile(path: string, stdin: Stdin): Promise<{ ok: true; data: unknown } | { ok: false; error: MappingFileError }> {
  const text = await readText(path, stdin);
  if (!text.ok) return { ok: false, error: { kind: 'invalid_mapping_file', message: text.error.message } };
  const parsed = parseJson(text.data);
  if (parsed.ok) return parsed;
  const { reason, position } = parsed.error;
  const name = displayName(path);
  if (!position) return { ok: false, error: { kind: 'invalid_mapping_file', message: `${name} is not JSON: ${reason}` } };
  const message = `${name} line ${position.line} column ${position.column}: ${reason}`;
  return { ok: false, error: { kind: 'invalid_mapping_file', message, line: position.line, column: position.column } };
}

/** The lines that say what `parseMapping` found wrong: one per issue, each naming its key. */
export function mappingIssueLines(path: string, error: InvalidMappingError): string[] {
  if (error.issues.length === 0) return [`${displayName(path)}: ${error.message}`];
  return error.issues.map((issue) => `${displayName(path)}: ${issue.path === '' ? '(top level)' : issue.path}: ${issue.problem}`);
}
