// Incremental runs: a 53-bit digest of each record's mapped values under this mapping and these
// services, so that a plan can leave out the records a snapshot holds as fully in place.
import { Hash53 } from '../model/hash.js';
import type { SyncMapping } from '../model/mapping.js';
import type { ReadRecord } from '../model/records.js';

/**
 * What a record's digest is taken under: the mapping's targets and the base URL of each service
 * compared (null when skipped), so that a changed mapping, a service compared for the first time or
 * another instance makes every record count as changed.
 */
export function recordSignature(mapping: SyncMapping, services: { readonly looker: string | null; readonly dx: string | null }): string {
  const targets = Object.entries(mapping.fields).map(([field, { looker, dx, whenEmpty }]) => [field, looker, dx, whenEmpty]);
  return JSON.stringify([targets, mapping.email, services.looker, services.dx]);
}

/**
 * A 53-bit digest of the record's email and of what it asks for, under `signature`: a plain
 * number, so that the snapshot of 100,000 records holds no string at all. A changed record is taken
 * for unchanged only when its digest equals one of the snapshot's by chance: with 100,000 records
 * in it, 1 in 9e10 per changed record. The digest covers the email, so two users asking for the
 * same never match.
 */
export function fingerprint(record: ReadRecord, signature: string): number {
  const hash = new Hash53().text(signature).text(record.email);
  // Fields in the mapping's order (the reader's), each name and value framed by its length.
  for (const [field, value] of record.values) hash.text(field).text(value);
  return hash.digest();
}
