// A record's counts of changes (set, remove, unchanged), packed into one number, so that a plan of
// 100,000 records holds one small number per record, not an object.
import type { Change } from '../model/plan.js';

/** A record's counts: values to set, to remove, and unchanged. */
export type Tally = [set: number, remove: number, unchanged: number];

/** Adds `changes` to `into`. */
export const tally = (changes: readonly Change[], into: Tally): void => {
  for (const { action } of changes) into[action === 'set' ? 0 : action === 'remove' ? 1 : 2]++;
};

// A record's three counts are each at most twice the mapping's fields: 16 bits each is plenty, and
// three of them fit a double exactly.
/** The tally as one number. */
export const pack = ([set, remove, unchanged]: Tally): number => set + remove * 2 ** 16 + unchanged * 2 ** 32;

/** The tally a packed number holds. */
export const unpack = (packed: number): Tally => {
  const field = (shift: number) => Math.floor(packed / 2 ** shift) % 2 ** 16;
  return [field(0), field(16), field(32)];
};
