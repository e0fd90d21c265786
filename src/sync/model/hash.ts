// A fast 53-bit hash of short texts, for remembering what a record asked for as one plain number.

/**
 * Hashes texts one after another into 53 bits (cyrb53's mixing: two 32-bit lanes). Each text is
 * framed by its length, so ("ab", "c") and ("a", "bc") differ. Not cryptographic: it guards
 * against chance, not against someone crafting records. Hand-written because node:crypto makes a
 * Hash object, a Buffer and a digest string per record, and a number needs no string at all.
 */
export class Hash53 {
  #h1: number;
  #h2: number;

  constructor(seed = 0) {
    this.#h1 = 0xdeadbeef ^ seed;
    this.#h2 = 0x41c6ce57 ^ seed;
  }

  #code(code: number): void {
    this.#h1 = Math.imul(this.#h1 ^ code, 2654435761);
    this.#h2 = Math.imul(this.#h2 ^ code, 1597334677);
  }

  /** Adds a text, or null (which differs from every text, the empty one included). */
  text(text: string | null): this {
    // Char codes stop at 0xffff: the frames above cannot be taken for characters.
    if (text === null) {
      this.#code(0x10000);
      return this;
    }
    this.#code(0x10001 + text.length);
    for (let i = 0; i < text.length; i++) this.#code(text.charCodeAt(i));
    return this;
  }

  /** The hash so far, an integer below 2 ** 53. */
  digest(): number {
    let h1 = Math.imul(this.#h1 ^ (this.#h1 >>> 16), 2246822507);
    h1 ^= Math.imul(this.#h2 ^ (this.#h2 >>> 13), 3266489909);
    let h2 = Math.imul(this.#h2 ^ (this.#h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  }
}
