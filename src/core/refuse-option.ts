// The one way a bad option is refused: a TypeError naming who was given it, the option and why.

/** Throws the TypeError that names a bad option of `who` (e.g. `createDxClient`). */
export function refuseOption(who: string, option: string, problem: string): never {
  throw new TypeError(`${who}: ${option} ${problem}`);
}
