// Incremental runs: a fingerprint of each previous record's mapped values, so that a plan can
// leave out users whose record has not changed since the last run.
import { createHash } from 'node:crypto';
import type { SyncMapping } from './mapping.js';
import { RecordReader, type ReadRecord, type RecordSource } from './records.js';

/** The mapping's targets, so that a changed mapping makes every record count as changed. */
function mappingSignature(mapping: SyncMapping): string {
  return JSON.stringify(Object.entries(mapping.fields).map(([field, { looker, dx, whenEmpty }]) => [field, looker, dx, whenEmpty]));
}

/** A short digest of what the record asks for, under this mapping. */
export function fingerprint(record: ReadRecord, signature: string): string {
  const values = [...record.values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // 128 bits: a collision (a changed record taken for unchanged) is out of reach even for millions of records.
  return createHash('sha256').update(signature).update('\0').update(JSON.stringify(values)).digest('base64url').slice(0, 22);
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
  const prints = new Map<string, string>();
  for await (const item of reader.read(previous)) {
    signal?.throwIfAborted();
    // A field refused last time was not applied then: the record counts as changed.
    if ('record' in item && !item.problems.length) prints.set(item.record.email, fingerprint(item.record, signature));
  }
  for (const email of reader.duplicates) prints.delete(email);
  return { unchanged: (record) => prints.get(record.email) === fingerprint(record, signature) };
}
