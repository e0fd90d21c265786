// The one reader of the files the command line is given (records, mapping, plan, snapshot): a path
// or "-" for standard input, read as UTF-8 without its byte order mark, whole or chunk by chunk;
// JSON parsed with the place of a syntax error found by jsonc-parser; and "name line L column C",
// the one way a message names a place in a file.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse as locateErrors, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { PlainResult } from '../core/result.js';

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
export async function readText(path: string, stdin: Stdin): Promise<PlainResult<string, ReadTextError>> {
  let bytes: Uint8Array;
  try {
    bytes = path === '-' ? await readAll(stdin) : await readFile(path);
  } catch (error) {
    return { ok: false, error: cannotRead(displayName(path), error) };
  }
  try {
    // fatal: refuse bytes that are not UTF-8 (a spreadsheet saved as Latin-1) rather than guess.
    return { ok: true, data: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, error: notUtf8(displayName(path)) };
  }
}

/** What streamText throws: the file could not be read as text. */
export class UnreadableText extends Error {
  constructor(readonly error: ReadTextError) {
    super(error.message);
  }
}

/**
 * The text of the file at `from` (or of the stream `from`: standard input) chunk by chunk, without its
 * byte order mark, checked as UTF-8 as it comes (as readText checks it whole); throws UnreadableText.
 * `name` is what messages call it.
 */
export async function* streamText(from: string | Stdin, name: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decode = (bytes?: Uint8Array) => {
    try {
      return bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode();
    } catch {
      throw new UnreadableText(notUtf8(name));
    }
  };
  try {
    for await (const chunk of typeof from === 'string' ? createReadStream(from) : from) yield decode(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Uint8Array));
  } catch (error) {
    throw error instanceof UnreadableText ? error : new UnreadableText(cannotRead(name, error));
  }
  yield decode();
}

const notUtf8 = (name: string): ReadTextError => ({ kind: 'unreadable', message: `${name} is not UTF-8 text (save it as "CSV UTF-8")` });

function cannotRead(name: string, error: unknown): ReadTextError {
  const code = (error as { code?: string }).code;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
  return { kind: 'unreadable', message: `cannot read ${name}: ${reason}` };
}

async function readAll(stream: Stdin): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Where in a text, counted from 1. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** A JSON syntax error: what is wrong, and where when it can be told. */
export interface JsonSyntaxError {
  readonly reason: string;
  readonly position: TextPosition | undefined;
}

// Keyed by printParseErrorCode's names: the codes are a const enum, which this build cannot inline.
const reasons: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected text',
  InvalidNumberFormat: 'not a number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is expected',
  CommaExpected: 'a comma is expected',
  CloseBraceExpected: 'a closing } is expected',
  CloseBracketExpected: 'a closing ] is expected',
  EndOfFileExpected: 'nothing more is expected',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfComment: 'comments are not JSON',
  UnexpectedEndOfString: 'the text in quotes is not closed',
  UnexpectedEndOfNumber: 'the number is cut short',
  InvalidUnicode: 'a broken \\u escape',
  InvalidEscapeCharacter: 'a broken \\ escape',
  InvalidCharacter: 'a character that must be escaped',
};

/**
 * Parses `text` with JSON.parse, whose errors on Node 20 name no line. On a failure, jsonc-parser
 * (with comments and trailing commas refused, so it finds what JSON.parse refused) says where.
 */
export function parseJson(text: string): PlainResult<unknown, JsonSyntaxError> {
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (error) {
    const errors: ParseError[] = [];
    locateErrors(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const [first] = errors;
    if (first === undefined) return { ok: false, error: { reason: (error as Error).message, position: undefined } };
    const reason = first.offset >= text.length ? 'unexpected end of the file' : (reasons[printParseErrorCode(first.error)] ?? 'not JSON');
    return { ok: false, error: { reason, position: positionAt(text, first.offset) } };
  }
}

/** The line and column of the character at `offset` in `text`. */
export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1) as string).length + 1 };
}

/** A place in a file as messages name it: "name line L column C" (the column when known). */
export function placeIn(name: string, at: { readonly line: number; readonly column?: number | undefined }): string {
  return `${name} line ${at.line}${at.column === undefined ? '' : ` column ${at.column}`}`;
}

/** A JSON file that could not be read (`unreadable`) or parsed (`not_json`); `message` names the file and, when known, the place. */
export interface JsonFileError {
  readonly kind: 'unreadable' | 'not_json';
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

/** Reads `path` ("-": `stdin`) and parses it as JSON. */
export async function readJsonFile(path: string, stdin: Stdin): Promise<PlainResult<unknown, JsonFileError>> {
  const text = await readText(path, stdin);
  if (!text.ok) return { ok: false, error: { kind: 'unreadable', message: text.error.message } };
  const parsed = parseJson(text.data);
  if (parsed.ok) return parsed;
  const { reason, position } = parsed.error;
  const name = displayName(path);
  if (!position) return { ok: false, error: { kind: 'not_json', message: `${name} is not JSON: ${reason}` } };
  return { ok: false, error: { kind: 'not_json', message: `${placeIn(name, position)}: ${reason}`, line: position.line, column: position.column } };
}
