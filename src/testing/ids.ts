/** Hands out ids "1", "2", … (with an optional prefix), skipping ids a seed already chose. */
export class IdSequence {
  #next = 1;

  constructor(private readonly prefix = '') {}

  next(isTaken: (id: string) => boolean): string {
    let id: string;
    do id = `${this.prefix}${this.#next++}`;
    while (isTaken(id));
    return id;
  }
}
