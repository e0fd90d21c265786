// JSON.parse that says where a syntax error is, as line and column (found by jsonc-parser).
import { parse as locateErrors, printParseErrorCode, type ParseError } from 'jsonc-parser';

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
export function parseJson(text: string): { ok: true; data: unknown } | { ok: false; error: JsonSyntaxError } {
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
