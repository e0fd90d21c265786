/** Admits at most `limit` events in any span of `windowMs` milliseconds of the given clock. */
export class SlidingWindow {
  // Times of admitted events, oldest first. Refused events are not recorded, so a client that
  // backs off gets through once the window has slid past its earlier requests.
  readonly #admitted: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Records an event and returns true, or returns false when the window is already full. */
  admit(): boolean {
    const now = this.now();
    while (this.#admitted.length > 0 && (this.#admitted[0] as number) <= now - this.windowMs) this.#admitted.shift();
    if (this.#admitted.length >= this.limit) return false;
    this.#admitted.push(now);
    return true;
  }
}
