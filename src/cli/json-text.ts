// JSON.parse that says where a syntax error is, as line and column.

/** Where in a text, counted from 1. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** A JSON syntax error: the parser's reason, and where it is when the parser says. */
export interface JsonSyntaxError {
  readonly reason: string;
  readonly position: TextPosition | undefined;
}

/**
 * Parses `text`. On Node 20 the parser names only an offset ("at position 42"), newer ones also
 * line and column: both are turned into a line and column here, as no built-in parser reports them.
 */
export function parseJson(text: string): { ok: true; data: unknown } | { ok: false; error: JsonSyntaxError } {
  try {
    return { ok: true, data: JSON.parse(text) };
  } catch (error) {
    const message = (error as Error).message;
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^Unexpected end of JSON input$/, 'unexpected end of the file');
    const at = /at position (\d+)/.exec(message);
    if (at) return { ok: false, error: { reason, position: positionAt(text, Number(at[1])) } };
    if (/end of JSON input/.test(message)) return { ok: false, error: { reason, position: positionAt(text, text.length) } };
    return { ok: false, error: { reason, position: undefined } };
  }
}

/** The line and column of the character at `offset` in `text`. */
export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1) as string).length + 1 };
}
