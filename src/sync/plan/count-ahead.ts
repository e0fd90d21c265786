// Counting a streamed input's records before the plan chooses how to find its users: up to a
// bound are read ahead and held, then handed on first, so the records are read once, in order.
import type { RecordSource, SyncRecord } from '../model/records.js';

/** The records, read from the start again, and how many there are (undefined: more than the bound). */
export interface CountedRecords {
  readonly records: RecordSource;
  readonly count: number | undefined;
}

/**
 * Reads up to `limit` + 1 records of `source` ahead. An array is counted as it is. A read that
 * throws is thrown again where the records are read after the ones before it, so the plan reports
 * it as it would have without the count.
 */
export async function countAhead(source: RecordSource, limit: number): Promise<CountedRecords> {
  if (Array.isArray(source)) return { records: source, count: source.length };
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : (source as Iterable<SyncRecord>)[Symbol.iterator]();
  const ahead: SyncRecord[] = [];
  let thrown: { error: unknown } | undefined;
  let done = false;
  try {
    while (ahead.length <= limit) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      ahead.push(next.value);
    }
  } catch (error) {
    thrown = { error };
  }
  async function* rest(): AsyncGenerator<SyncRecord> {
    // Each record held is let go once handed on.
    while (ahead.length) yield ahead.shift() as SyncRecord;
    if (thrown) throw thrown.error;
    if (done) return;
    let ended = false;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return void (ended = true);
        yield next.value;
      }
    } finally {
      // A plan that stops early lets the source close (a file it reads, say).
      if (!ended) await iterator.return?.();
    }
  }
  // A source that fails early is short: the plan fails on it once the held records are read.
  return { records: rest(), count: done || thrown ? ahead.length : undefined };
}
