// The simulated death of the process running a sync, for the kill scenarios of both worlds: every
// port call and journal append goes through `step`, and the armed one is the last.
import type { ProcessKiller } from './world.js';

const KILLED = 'killed';

/**
 * The process dies at the armed step: that call (or journal append) and every later one throw. A
 * dying step that `lands` takes effect first: its effect runs (and, when it is asynchronous, is
 * awaited) before the step throws.
 */
export class Killer implements ProcessKiller {
  dead = false;
  #countdown = Infinity;
  #lands = false;

  /** Dies at the `calls`-th step from now; `lands`: the dying step takes effect. */
  arm(calls: number, lands: boolean) {
    this.#countdown = calls;
    this.#lands = lands;
    this.dead = false;
  }

  disarm() {
    this.#countdown = Infinity;
    this.dead = false;
  }

  /** Runs `effect` unless dead; throws once dead. */
  step<T>(effect: () => T): T {
    if (this.dead) throw new Error(KILLED);
    if (--this.#countdown > 0) return effect();
    this.dead = true;
    if (!this.#lands) throw new Error(KILLED);
    const landed = effect();
    if (landed instanceof Promise) return landed.then(() => Promise.reject(new Error(KILLED))) as T;
    throw new Error(KILLED);
  }
}
