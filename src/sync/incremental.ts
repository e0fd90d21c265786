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
 * A 53-bit digest of what the record asks for, under this mapping: a plain number, so that the
 * snapshot of 100,000 records holds no string but their emails.
 */
export function fingerprint(record: ReadRecord, signature: string): number {
  // A changed record is taken for unchanged only when its digest equals its email's last one by
  // chance: 1 in 2 ** 53 (about 1e-16) per changed record, some 1e-11 for 100,000 changed records.
  const hash = new Hash53().text(signature);
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
 * Reads the previous snapshot once, keeping one fingerprint per email (emails it holds twice are
 * always treated as changed).
 */
export async function loadPrevious(previous: RecordSource, mapping: SyncMapping, signal?: AbortSignal): Promise<ChangeFilter> {
  const signature = mappingSignature(mapping);
  const reader = new RecordReader(mapping);
  const prints = new Map<string, number>();
  for await (const item of reader.read(previous)) {
    signal?.throwIfAborted();
    // A field refused last time was not applied then: the record counts as changed.
    if ('record' in item && !item.problems.length) prints.set(item.record.email, fingerprint(item.record, signature));
  }
  for (const email of reader.duplicates) prints.delete(email);
  return { unchanged: (record) => prints.get(record.email) === fingerprint(record, signature) };
}
