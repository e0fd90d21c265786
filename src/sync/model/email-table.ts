// The emails a plan meets, each held once. A plan of 1,000,000 records meets the same person up to
// three times (the input, the Looker listing, the DX listing); each map of its own would hold the
// email again with an entry around it. Instead each email gets one slot in a table shared by the
// plan, and what is known of it (a Looker id, DX values, the first record naming it) lives in
// typed arrays indexed by that slot: some tens of bytes a person rather than some hundreds.

/**
 * One string and one slot per email, in the order met. Hand-written open addressing on a typed
 * array: a Map of 1,000,000 emails costs some 40 bytes an entry beside the strings; this index
 * costs 8 (the slot and the email's hash, at most half full).
 */
export class EmailTable {
  readonly #emails: string[] = [];
  /** Each email's hash, by slot: the index is rebuilt from them, and a probe compares them before the text. */
  readonly #hashes = new NumberColumn('int32', 0);
  /** Slot + 1 at each position the hash leads to (0: empty); a power of two long. */
  #index = new Int32Array(2048);

  /** The slot of `email`, given it when new. */
  slotOf(email: string): number {
    const hash = hashOf(email);
    const at = this.#position(email, hash);
    const found = this.#index[at] as number;
    if (found !== 0) return found - 1;
    const slot = this.#emails.length;
    this.#emails.push(email);
    this.#hashes.set(slot, hash);
    this.#index[at] = slot + 1;
    if (this.#emails.length * 2 > this.#index.length) this.#rebuild(this.#index.length * 2);
    return slot;
  }

  /** The slot of `email`, if it was met. */
  find(email: string): number | undefined {
    const found = this.#index[this.#position(email, hashOf(email))] as number;
    return found === 0 ? undefined : found - 1;
  }

  emailAt(slot: number): string {
    return this.#emails[slot] as string;
  }

  /** Where `email` is in the index, or the empty position it would take (linear probing). */
  #position(email: string, hash: number): number {
    const mask = this.#index.length - 1;
    for (let at = hash & mask; ; at = (at + 1) & mask) {
      const found = this.#index[at] as number;
      if (found === 0 || (this.#hashes.get(found - 1) === hash && this.#emails[found - 1] === email)) return at;
    }
  }

  #rebuild(size: number): void {
    const index = new Int32Array(size);
    const mask = size - 1;
    for (let slot = 0; slot < this.#emails.length; slot++) {
      let at = this.#hashes.get(slot) & mask;
      while (index[at] !== 0) at = (at + 1) & mask;
      index[at] = slot + 1;
    }
    this.#index = index;
  }
}

/** FNV-1a over the UTF-16 code units, mixed at the end so that the low bits spread. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  return hash ^ (hash >>> 13);
}

/** Numbers by index, growing as needed; `fill` where none was set. Float64 holds any id a number holds exactly. */
export class NumberColumn {
  #values: Float64Array | Int32Array;

  constructor(private readonly kind: 'int32' | 'float64', private readonly fill: number) {
    this.#values = this.#make(1024);
  }

  #make(size: number): Float64Array | Int32Array {
    return (this.kind === 'int32' ? new Int32Array(size) : new Float64Array(size)).fill(this.fill);
  }

  get(index: number): number {
    return index < this.#values.length ? (this.#values[index] as number) : this.fill;
  }

  set(index: number, value: number): void {
    if (index >= this.#values.length) {
      const grown = this.#make(Math.max(this.#values.length * 2, index + 1));
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[index] = value;
  }
}

/** What a plan's directories are read through: an entry by email, their number, and every entry in the order listed. */
export interface ByEmail<V> extends Iterable<[string, V]> {
  get(email: string): V | undefined;
  readonly size: number;
}

/** A directory by email on a shared table: the slots it lists, in order, and the entry of each (`entryAt`). */
export abstract class SlotDirectory<V> implements ByEmail<V> {
  readonly #order = new NumberColumn('int32', -1);
  #size = 0;

  constructor(protected readonly table: EmailTable) {}

  /** The entry of a slot this directory lists, else undefined. */
  protected abstract entryAt(slot: number): V | undefined;

  /** Notes a slot as listed (once: the caller knows it was not). */
  protected list(slot: number): void {
    this.#order.set(this.#size++, slot);
  }

  get size(): number {
    return this.#size;
  }

  get(email: string): V | undefined {
    const slot = this.table.find(email);
    return slot === undefined ? undefined : this.entryAt(slot);
  }

  * [Symbol.iterator](): Iterator<[string, V]> {
    for (let i = 0; i < this.#size; i++) {
      const slot = this.#order.get(i);
      yield [this.table.emailAt(slot), this.entryAt(slot) as V];
    }
  }
}
