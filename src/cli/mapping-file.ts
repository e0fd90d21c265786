// Reads the mapping file (JSON, or YAML by its extension .yaml/.yml); the sync library's
// parseMapping then checks what it says, and each issue is named by its path and its line.
import type { PlainResult } from '../core/result.js';
import { displayName, parseJson, placeIn, readText, type Stdin, type TextPosition } from './input-file.js';
import { jsonLocator, parseYaml, type Locator } from './mapping-locate.js';
import type { InvalidMappingError } from './sync.js';

/** A mapping file that cannot be read or parsed; `message` names the line and column. */
export interface MappingFileError {
  readonly kind: 'invalid_mapping_file';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** A mapping file read: the value for `parseMapping`, and where each key path of it is in the file. */
export interface MappingFile {
  readonly value: unknown;
  readonly locate: Locator;
}

/** True for a path read as YAML: its extension is .yaml or .yml. */
export const isYamlPath = (path: string) => /\.ya?ml$/i.test(path);

/** Reads `path` ("-" reads `stdin`, as JSON) and parses it as JSON or YAML. */
export async function readMappingFile(path: string, stdin: Stdin): Promise<PlainResult<MappingFile, MappingFileError>> {
  const text = await readText(path, stdin);
  if (!text.ok) return { ok: false, error: { kind: 'invalid_mapping_file', message: text.error.message } };
  const yaml = isYamlPath(path);
  const parsed = yaml ? parseYaml(text.data) : parseJson(text.data);
  if (!parsed.ok) {
    const { reason, position } = parsed.error;
    const name = displayName(path);
    const message = position ? `${placeIn(name, position)}: ${reason}` : `${name} is not ${yaml ? 'YAML' : 'JSON'}: ${reason}`;
    return { ok: false, error: { kind: 'invalid_mapping_file', message, ...(position && { line: position.line, column: position.column }) } };
  }
  return { ok: true, data: yaml ? (parsed.data as MappingFile) : { value: parsed.data, locate: jsonLocator(text.data) } };
}

/** The lines that say what `parseMapping` found wrong: one per issue, each naming its key and, when known, its line. */
export function mappingIssueLines(path: string, error: InvalidMappingError, locate?: (path: string) => TextPosition | undefined): string[] {
  if (error.issues.length === 0) return [`${displayName(path)}: ${error.message}`];
  return error.issues.map((issue) => {
    const at = locate?.(issue.path);
    const name = at ? placeIn(displayName(path), { line: at.line }) : displayName(path);
    return `${name}: ${issue.path === '' ? '(top level)' : issue.path}: ${issue.problem}`;
  });
}
