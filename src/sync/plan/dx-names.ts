// The check of the DX attribute names a mapping writes: DX creates an attribute for any name it does
// not know, so a name no listed user carries (a typo) is refused unless it is declared new.
import type { UnknownDxAttributeError } from '../model/errors.js';

/** Edit distance (insertions, deletions, substitutions) between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * Up to three carried names near `name` (case-insensitively), nearest first, ties by name: those
 * within an edit distance of a third of its length (at least 2), so that a typo finds its name
 * and an unrelated name is not offered.
 */
export function nearestNames(name: string, carried: ReadonlyMap<string, string>, count = 3): string[] {
  const key = name.toLowerCase();
  const within = Math.max(2, Math.ceil(key.length / 3));
  return [...carried]
    .map(([lower, spelled]) => ({ spelled, distance: editDistance(key, lower) }))
    .filter(({ distance }) => distance <= within)
    .sort((a, b) => a.distance - b.distance || (a.spelled < b.spelled ? -1 : a.spelled > b.spelled ? 1 : 0))
    .slice(0, count)
    .map(({ spelled }) => spelled);
}

/**
 * The refusal of the mapped DX names no listed user carries and the desired state does not
 * declare new (`dx.newAttributes`), or undefined when there is none. Names are compared
 * case-insensitively, as DX matches them. `carried`: lowercased name → spelling (`DxDirectory.names`).
 */
export function unknownDxNames(
  mapped: readonly string[],
  carried: ReadonlyMap<string, string>,
  declaredNew: readonly string[],
): UnknownDxAttributeError | undefined {
  const declared = new Set(declaredNew.map((name) => name.toLowerCase()));
  const names = mapped.filter((name) => !carried.has(name.toLowerCase()) && !declared.has(name.toLowerCase()));
  if (!names.length) return undefined;
  const nearest = Object.fromEntries(names.map((name) => [name, nearestNames(name, carried)]));
  const each = names.map((name) => {
    const near = nearest[name] as string[];
    const none = carried.size ? `no similar name among the ${carried.size} names DX users carry` : 'no listed DX user carries any attribute';
    return `${JSON.stringify(name)} (${near.length ? `nearest: ${near.map((n) => JSON.stringify(n)).join(', ')}` : none})`;
  });
  const [them, isTypo, it] = names.length === 1 ? ['this name', 'it is a typo', 'it'] : ['these names', 'they are typos', 'them'];
  const message = `no DX user carries the attribute ${each.join(', ')}. DX would create a new attribute for ${them} on every user it is `
    + `written to: fix the mapping if ${isTypo}, or declare ${it} new on purpose with `
    + `"dx": { "newAttributes": ${JSON.stringify(names)} } in the mapping`;
  return { kind: 'unknown_dx_attribute', message, service: 'dx', names, nearest };
}
