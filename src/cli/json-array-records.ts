// The records of a JSON array, streamed: @streamparser/json hands over each element once it is read
// and keeps none. It names no line, so a syntax error is placed by reading the file again up to the
// element it lies in and giving that element alone to `parseJson`, which names what a file read
// whole would name (the same words, line and column) while holding one element, not the file.
import { TokenParser, Tokenizer, TokenType, type ParsedTokenInfo } from '@streamparser/json';
import { failure } from '../core/result.js';
import { parseJson, placeIn } from './input-file.js';
import { InputFailure, toRecord } from './input.js';
import type { SyncRecord } from './sync.js';

const invalid = (message: string, line?: number) =>
  new InputFailure(failure(line === undefined ? { kind: 'invalid_input', message } : { kind: 'invalid_input', message, line }));

/** Where a syntax error lies, in UTF-8 bytes of the text: after `from` (the start of its element), before `before`. */
interface SyntaxSpan {
  readonly from: number;
  readonly before: number;
  /**
   * What comes before `from`: the array's "[" or a "," in it (so that the element is read as one, in
   * its place), or nothing yet (the error is in the file's first characters).
   */
  readonly after: '[' | ',' | undefined;
}

// What the element is read after, so that a parser reading it alone is where it was: in the array,
// at its start, or after an element and a comma (where a "]" is wrong).
const PREFIX = { '[': '[', ',': '[0,' } as const;

const bytes = (text: string) => Buffer.byteLength(text);

/**
 * Reads `text` (the file again) up to the span's end: the line and column where the span starts,
 * and the text from there on, which `parseJson` reads in the array's place to name the error.
 */
async function locate(text: AsyncIterable<string>, span: SyntaxSpan, name: string): Promise<InputFailure> {
  let offset = 0;
  let line = 1;
  let column = 1;
  let slice = '';
  for await (const chunk of text) {
    const size = bytes(chunk);
    const skip = Math.max(0, Math.min(size, span.from - offset));
    // `from` follows a "[" or ",", so the cut falls between characters.
    const before = skip === size ? chunk : Buffer.from(chunk).subarray(0, skip).toString();
    const lines = before.split('\n');
    line += lines.length - 1;
    column = lines.length > 1 ? (lines.at(-1) as string).length + 1 : column + before.length;
    if (skip < size) slice += chunk.slice(before.length);
    offset += size;
    if (offset >= span.before) break;
  }
  // The prefix's columns are taken off again below.
  const prefix = span.after === undefined ? '' : PREFIX[span.after];
  const parsed = parseJson(prefix + slice);
  if (parsed.ok || parsed.error.position === undefined) return invalid(`${name}: ${parsed.ok ? 'not JSON' : parsed.error.reason}`);
  const at = parsed.error.position;
  const position = at.line === 1
    ? { line, column: column + at.column - 1 - prefix.length }
    : { line: line + at.line - 1, column: at.column };
  return invalid(`${placeIn(name, position)}: ${parsed.error.reason}`, position.line);
}

/**
 * Each element of the JSON array that `text` holds, as a record (`name` is what messages call the
 * file); `again` reads the text once more to place a syntax error. Throws InputFailure.
 */
export async function* jsonArrayRecords(text: AsyncIterable<string>, name: string, again: () => AsyncIterable<string>): AsyncGenerator<SyncRecord> {
  const tokenizer = new Tokenizer();
  // '$.*': each element of the top-level array, handed over and dropped (keepStack: false).
  const parser = new TokenParser({ paths: ['$.*'], keepStack: false });
  const elements: unknown[] = [];
  let depth = 0;
  // Where the element being read starts (bytes), and what comes before it.
  let elementStart = 0;
  let after: SyntaxSpan['after'];
  let fed = 0;
  tokenizer.onToken = (token: ParsedTokenInfo) => {
    if (after === undefined && token.token !== TokenType.LEFT_BRACKET) throw invalid(`${name}: expected an array of records`);
    if (after === undefined || (depth === 1 && token.token === TokenType.COMMA)) {
      elementStart = token.offset + 1;
      after = after === undefined ? '[' : ',';
    }
    if (token.token === TokenType.LEFT_BRACE || token.token === TokenType.LEFT_BRACKET) depth++;
    if (token.token === TokenType.RIGHT_BRACE || token.token === TokenType.RIGHT_BRACKET) depth--;
    parser.write(token);
  };
  parser.onValue = ({ value }) => void elements.push(value);
  let count = 0;
  const syntax = async (before: number) => locate(again(), { from: elementStart, before, after }, name);
  for await (const chunk of text) {
    fed += bytes(chunk);
    try {
      tokenizer.write(chunk);
    } catch (error) {
      throw error instanceof InputFailure ? error : await syntax(fed);
    }
    for (const element of elements.splice(0)) yield record(element, ++count, name);
  }
  try {
    tokenizer.end();
    // The array's closing bracket ends the parser; anything else ended early.
    if (!parser.isEnded) parser.end();
  } catch (error) {
    throw error instanceof InputFailure ? error : await syntax(Number.POSITIVE_INFINITY);
  }
  for (const element of elements.splice(0)) yield record(element, ++count, name);
}

function record(value: unknown, number: number, name: string): SyncRecord {
  const record = toRecord(value);
  if (typeof record === 'string') throw invalid(`${name} record ${number}: ${record}`);
  return record;
}
