// A sliding-window rate limit by an injectable clock.
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
    const now = this.#slide();
    if (this.#admitted.length >= this.limit) return false;
    this.#admitted.push(now);
    return true;
  }

  /** Milliseconds until the window admits another event (0 when it would now). */
  msUntilFree(): number {
    const now = this.#slide();
    if (this.#admitted.length < this.limit) return 0;
    const freeing = this.#admitted[this.#admitted.length - this.limit] as number;
    return freeing + this.windowMs - now;
  }

  /** Forgets events that have left the window; returns the current time. */
  #slide(): number {
    const now = this.now();
    while (this.#admitted.length > 0 && (this.#admitted[0] as number) <= now - this.windowMs) this.#admitted.shift();
    return now;
  }
}
