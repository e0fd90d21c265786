// What the command line reads and writes, passed in so that tests can run it in-process.
import type { SignalSource } from './signals.js';

/** A stream written to; `isTTY` as on process.stdout. */
export interface TextSink {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** The process as the command line sees it. */
export interface CliIo {
  /** Arguments after node and the script. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: AsyncIterable<Uint8Array | string> & { readonly isTTY?: boolean };
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Milliseconds, for the progress bar's pace. */
  readonly now: () => number;
  readonly signals: SignalSource;
  /** Ends the process at once (a second Ctrl-C). */
  readonly exit: (code: number) => void;
  /**
   * Asks a question on the terminal (written to `to`) and resolves to the answer; the end of the
   * input (Ctrl-D) is the empty answer.
   */
  readonly ask: (question: string, to: 'stdout' | 'stderr') => Promise<string>;
}
