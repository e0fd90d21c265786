// The emails a plan meets, each held once. A plan of 1,000,000 records meets the same person up to
// three times (the input, the Looker listing, the DX listing); each map of its own would hold the
// email again with an entry around it. Instead each email gets one slot in a table shared by the
// plan, and what is known of it (a Looker id, DX values, the first record naming it) lives in
// typed arrays indexed by that slot: a few bytes a person rather than some hundreds.

/** One string and one slot per email, in the order met. */
export class EmailTable {
  readonly #slots = new Map<string, number>();
  readonly #emails: string[] = [];

  /** The slot of `email`, given it when new. */
  slotOf(email: string): number {
    let slot = this.#slots.get(email);
    if (slot === undefined) {
      slot = this.#emails.length;
      this.#slots.set(email, slot);
      this.#emails.push(email);
    }
    return slot;
  }

  /** The slot of `email`, if it was met. */
  find(email: string): number | undefined {
    return this.#slots.get(email);
  }

  emailAt(slot: number): string {
    return this.#emails[slot] as string;
  }
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
