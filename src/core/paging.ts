// Paged lists as async iterables of results: one page in memory at a time, each page a retried call.
import type { Result } from './result.js';

/** One page of a list, and whether another may follow. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly more: boolean;
}

/**
 * Every item of a paged list, fetched one page at a time as you iterate (`for await`). Each item
 * is a `Result`: a failed page is yielded once as `{ ok: false, error }` and ends the iteration,
 * so nothing is thrown. Each page is one call, with its own retries and deadline.
 */
export interface Paged<T, E> extends AsyncIterable<Result<T, E>> {
  /** Reads every page into one array (the whole list in memory), or the first page's error. */
  all(): Promise<Result<T[], E>>;
}

/** A paged list over `fetchPage(index)`, index from 0. */
export function paged<T, E>(fetchPage: (index: number) => Promise<Result<Page<T>, E>>): Paged<T, E> {
  async function* iterate(): AsyncGenerator<Result<T, E>> {
    for (let index = 0; ; index++) {
      const page = await fetchPage(index);
      if (!page.ok) {
        yield page;
        return;
      }
      for (const item of page.data.items) yield { ok: true, data: item, response: page.response };
      if (!page.data.more) return;
    }
  }
  return {
    [Symbol.asyncIterator]: iterate,
    async all() {
      const items: T[] = [];
      let response: Response | undefined;
      for (let index = 0; ; index++) {
        const page = await fetchPage(index);
        if (!page.ok) return page;
        items.push(...page.data.items);
        response = page.response;
        if (!page.data.more) return { ok: true, data: items, response };
      }
    },
  };
}
