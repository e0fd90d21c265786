// Incremental runs: a fingerprint of each previous record's mapped values, so that a plan can
// leave out users whose record has not changed since the last run.
import { Hash53 } from './hash.js';
import type { SyncMapping } from './mapping.js';
import { RecordReader, type ReadRecord, type RecordSource } from './records.js';

/** The mapping's targets, so that a changed mapping makes every record count as changed. */
function mappingSignature(mapping: SyncMapping): string {
  return JSON.stringify(Object.entries(mapping.fields).map(([field, { looker, dx, whenEmpty }]) => [field, looker, dx, whenEmpty]));
}

/**
 * A 53-bit digest of the record's email and of what it asks for, under this mapping: a plain
 * number, so that the snapshot of 100,000 records holds no string at all.
 */
export function fingerprint(record: ReadRecord, signature: string): number {
  const hash = new Hash53().text(signature).text(record.email);
  // Fields in the mapping's order (the reader's), each name and value framed by its length.
  for (const [field, value] of record.values) hash.text(field).text(value);
  return hash.digest();
}

/** Which records changed since the previous run's input. */
export interface ChangeFilter {
  /** True when the record asks for the same as in the previous snapshot. */
  unchanged(record: ReadRecord): boolean;
}

/**
 * Reads the previous snapshot once, keeping one fingerprint per record (emails it holds twice are
 * always treated as changed).
 */
export async function loadPrevious(previous: RecordSource, mapping: SyncMapping, signal?: AbortSignal): Promise<ChangeFilter> {
  const signature = mappingSignature(mapping);
  const reader = new RecordReader(mapping);
  // A changed record is taken for unchanged only when its digest equals one of the snapshot's by
  // chance: with 100,000 records in it, 1 in 9e10 per changed record, about 1e-6 per run in which
  // all 100,000 changed. The digest covers the email, so two users asking for the same never match.
  const prints = new Set<number>();
  for await (const item of reader.read(previous)) {
    signal?.throwIfAborted();
    // A field refused last time was not applied then: the record counts as changed.
    if ('record' in item && !item.problems.length) prints.add(fingerprint(item.record, signature));
  }
  // The reader (and the email of every record it saw) is let go: only its few duplicates are kept.
  const { duplicates } = reader;
  return { unchanged: (record) => !duplicates.has(record.email) && prints.has(fingerprint(record, signature)) };
}
