// Paged lists as async iterables of results: one page in memory at a time, each page a retried call.
import type { AbortedError } from './errors.js';
import { isRecord } from './input-checks.js';
import type { Result } from './result.js';

/** One page of a list, and whether another may follow. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly more: boolean;
}

/**
 * Every item of a paged list, fetched one page at a time as you iterate (`for await`). Each item
 * is a `Result`: a failed page is yielded once as `{ ok: false, error }` and ends the iteration,
 * so nothing is thrown. Each page is one call, with its own retries and deadline. Once the
 * caller's signal aborts, the next item is an `aborted` error and the iteration ends, even in the
 * middle of a page already read.
 */
export interface Paged<T, E> extends AsyncIterable<Result<T, E>> {
  /** Reads every page into one array (the whole list in memory), or the first failed page's error. */
  all(): Promise<Result<T[], E>>;
}

/** What a list needs to stop between items: the operation its pages call, and the caller's options. */
export interface PagedStop {
  readonly operation: string;
  /** The caller's call options; only a real `AbortSignal` in them is used (a bad one fails the page call). */
  readonly options?: unknown;
}

/** The caller's signal, if the options hold a real one; anything unreadable is left to the page call to report. */
function signalOf(options: unknown): AbortSignal | undefined {
  try {
    const signal = isRecord(options) ? Object.getOwnPropertyDescriptor(options, 'signal')?.value : undefined;
    return signal instanceof AbortSignal ? signal : undefined;
  } catch {
    return undefined;
  }
}

/** A paged list over `fetchPage(index)`, index from 0. */
export function paged<T, E>(fetchPage: (index: number) => Promise<Result<Page<T>, E>>, stop?: PagedStop): Paged<T, E> {
  const signal = signalOf(stop?.options);
  const aborted = (): Result<never, E> => {
    const operation = stop!.operation;
    const error: AbortedError = { kind: 'aborted', operation, attempts: 0, reason: signal!.reason, message: `${operation} aborted` };
    return { ok: false, error: error as E };
  };
  async function* iterate(): AsyncGenerator<Result<T, E>> {
    for (let index = 0; ; index++) {
      const page = await fetchPage(index);
      if (!page.ok) {
        yield page;
        return;
      }
      for (const item of page.data.items) {
        if (signal?.aborted) {
          yield aborted();
          return;
        }
        yield { ok: true, data: item, response: page.response };
      }
      if (!page.data.more) return;
    }
  }
  return {
    [Symbol.asyncIterator]: iterate,
    async all() {
      const items: T[] = [];
      for (let index = 0; ; index++) {
        const page = await fetchPage(index);
        if (!page.ok) return page;
        items.push(...page.data.items);
        if (!page.data.more) return { ok: true, data: items, response: page.response };
      }
    },
  };
}
