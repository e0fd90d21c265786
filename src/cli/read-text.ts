// Reads a file, or standard input for "-", as UTF-8 text without its byte order mark.
import { readFile } from 'node:fs/promises';

/** A file that could not be read as text. */
export interface ReadTextError {
  readonly kind: 'unreadable';
  readonly message: string;
}

/** Standard input, as readText reads it. */
export type Stdin = AsyncIterable<Uint8Array | string>;

/** The name a file is called by in messages: "standard input" for "-". */
export function displayName(path: string): string {
  return path === '-' ? 'standard input' : path;
}

/** Reads `path` ("-": `stdin`) whole; a missing file or bytes that are not UTF-8 are errors. */
export async function readText(path: string, stdin: Stdin): Promise<{ ok: true; data: string } | { ok: false; error: ReadTextError }> {
  let bytes: Uint8Array;
  try {
    bytes = path === '-' ? await readAll(stdin) : await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    return { ok: false, error: { kind: 'unreadable', message: `cannot read ${displayName(path)}: ${reason}` } };
  }
  try {
    // fatal: refuse bytes that are not UTF-8 (a spreadsheet saved as Latin-1) rather than guess.
    return { ok: true, data: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, error: { kind: 'unreadable', message: `${displayName(path)} is not UTF-8 text (save it as "CSV UTF-8")` } };
  }
}

async function readAll(stream: Stdin): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
