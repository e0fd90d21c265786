// Reading a reply's body within the size cap and the call's deadline, whatever the stream does.

/**
 * Reply bodies larger than this are refused as `unexpected_response`: no reply of these operations
 * comes near it, and a runaway proxy cannot fill the memory.
 */
export const MAX_BODY_BYTES = 10 * 2 ** 20;

// Statuses whose Response may not carry a body.
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * Frees the connection of a response that will not be read. Not awaited: with some fetch
 * implementations cancelling a body resolves only once the peer closes the stream.
 */
export function discard(response: Response): void {
  try {
    response.body?.cancel().catch(() => {});
  } catch {
    // A fetch implementation's body without a working cancel: nothing more can be freed.
  }
}

/**
 * Reads the whole body of `response` and returns a Response holding those bytes, so that whoever
 * parses it next cannot stall or overrun. Rejects with the signal's reason as soon as it aborts,
 * even if the stream never ends or ignores cancellation, and with `tooLarge()` past MAX_BODY_BYTES
 * (at once when a larger `content-length` is declared).
 */
export async function readBody(response: Response, signal: AbortSignal, tooLarge: () => Error): Promise<Response> {
  const { status, statusText, headers } = response;
  if (Number(headers.get('content-length')) > MAX_BODY_BYTES) {
    discard(response);
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    let stopWaiting = () => {};
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = () => reject(signal.reason);
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      stopWaiting = () => signal.removeEventListener('abort', onAbort);
    });
    aborted.catch(() => {});
    try {
      for (;;) {
        const { done, value } = await Promise.race([reader.read(), aborted]);
        if (done) break;
        if ((size += value.byteLength) > MAX_BODY_BYTES) throw tooLarge();
        chunks.push(value);
      }
    } catch (error) {
      reader.cancel().catch(() => {});
      throw error;
    } finally {
      stopWaiting();
    }
  }
  const bytes = chunks.length === 1 ? chunks[0]! : new Uint8Array(size);
  if (chunks.length > 1) {
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
  }
  const copy = new Response(NULL_BODY.has(status) ? null : (bytes as Uint8Array<ArrayBuffer>), { status, statusText, headers });
  Object.defineProperty(copy, 'url', { value: response.url });
  return copy;
}
