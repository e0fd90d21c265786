// Where a command's lines go: text (stdout, notes and errors on stderr) or JSON lines on stdout.
import type { CliIo } from './io.js';
import { jsonLine, type JsonEvent } from './render-json.js';
import { painter, plain, wantsColour, type Paint } from './terminal-text.js';

/** A command's output, in the mode chosen once. */
export interface Output {
  /** JSON lines: with --json, or whenever standard output is not a terminal. */
  readonly json: boolean;
  readonly paint: Paint;
  /** Text to standard output (text mode only). */
  print(text: string): void;
  /** An event (JSON mode only). */
  emit(event: JsonEvent): void;
  /** A notice: a line on stderr, or the event in JSON mode. */
  note(message: string, event: JsonEvent): void;
  /** An error: "error: …" lines on stderr, or one "error" event. */
  error(error: { readonly kind: string; readonly message: string }, details?: readonly string[]): void;
}

/** Chooses the mode from the flags and the terminal. */
export function createOutput(io: CliIo, flags: { readonly json: boolean; readonly noColor: boolean }): Output {
  const json = flags.json || io.stdout.isTTY !== true;
  const paint = painter(!json && wantsColour(io.stdout, io.env, flags.noColor));
  const errPaint = painter(!json && wantsColour(io.stderr, io.env, flags.noColor));
  return {
    json,
    paint,
    print: (text) => void (json || io.stdout.write(text)),
    emit: (event) => void (json && io.stdout.write(jsonLine(event))),
    note(message, event) {
      if (json) io.stdout.write(jsonLine(event));
      else io.stderr.write(`${message}\n`);
    },
    error(error, details = []) {
      if (json) {
        io.stdout.write(jsonLine({ type: 'error', kind: error.kind, message: error.message, ...(details.length > 0 ? { details } : {}) }));
        return;
      }
      io.stderr.write(`${errPaint('red', 'error:')} ${plain(error.message)}\n${details.map((line) => `  ${plain(line)}\n`).join('')}`);
    },
  };
}
