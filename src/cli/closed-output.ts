// Standard output or error closed under a running command (`| head`, a log shipper that died):
// the command goes on with that output dropped, instead of crashing with writes left in doubt.
import type { TextSink } from './io.js';

/** The part of a process stream the guard uses; process.stdout and process.stderr fit. */
export interface ProcessStream {
  write(text: string): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  readonly isTTY?: boolean;
}

/**
 * Wraps `stream` so that once it fails (EPIPE when the reader is gone; EIO once a terminal hung
 * up) every later write is dropped and `onClosed` is called once with the error's code. Nothing
 * is thrown and no stack is printed: the command runs to its end, so the journal and the exit
 * code still say how it ended.
 */
export function guardOutput(stream: ProcessStream, onClosed: (code: string) => void): TextSink {
  let closed = false;
  const close = (error: unknown) => {
    if (closed) return;
    closed = true;
    onClosed(String((error as { code?: unknown } | null)?.code ?? 'closed'));
  };
  // The stream says so asynchronously, on each failed write; a destroyed one may also throw.
  stream.on('error', close);
  return {
    isTTY: stream.isTTY,
    write(text) {
      if (closed) return;
      try {
        stream.write(text);
      } catch (error) {
        close(error);
      }
    },
  };
}
