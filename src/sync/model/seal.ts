// The plan's seal: a digest of each top-level section, written by plan and checked whenever a plan
// is read back, so that an edit (by hand or by any tool) is refused, naming the sections changed.
// It catches edits; it is not a signature: anyone can compute the seal of an edited plan.
// Hash53 and not SHA-256: a stronger digest adds nothing against someone who can recompute it, and
// a synchronous one keeps validatePlan and parsePlan synchronous on every runtime.
import { Hash53 } from './hash.js';
import type { MappingIssue } from './mapping.js';

/** Digest per section of the plan (every key but `seal`). */
export type PlanSeal = Readonly<Record<string, number>>;

// Each value is fed as tagged, length-framed texts: keys in sorted order (a plan read back by a tool
// that sorts keys or re-indents it still matches), undefined members left out as JSON leaves them.
function feed(hash: Hash53, value: unknown): void {
  if (value === null || value === undefined) hash.text(null);
  else if (typeof value === 'string') hash.text(`s${value}`);
  else if (typeof value === 'number') hash.text(`n${String(value)}`);
  else if (typeof value === 'boolean') hash.text(value ? 't' : 'f');
  else if (Array.isArray(value)) {
    hash.text('[');
    for (const item of value) feed(hash, item);
    hash.text(']');
  } else if (typeof value === 'object') {
    hash.text('{');
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) {
      if (record[key] === undefined) continue;
      hash.text(`k${key}`);
      feed(hash, record[key]);
    }
    hash.text('}');
  } else hash.text(`?${typeof value}`);
}

const digestOf = (value: unknown) => {
  const hash = new Hash53();
  feed(hash, value);
  return hash.digest();
};

/** The plan with its seal: one digest per section. */
export function sealPlan<T extends object>(plan: T): T & { readonly seal: PlanSeal } {
  const seal: Record<string, number> = {};
  for (const [key, value] of Object.entries(plan)) if (key !== 'seal' && value !== undefined) seal[key] = digestOf(value);
  return { ...plan, seal };
}

/** Where a plan read back differs from its seal: one issue per section added, removed or changed. */
export function sealIssues(plan: Readonly<Record<string, unknown>>): MappingIssue[] {
  const { seal } = plan;
  const isSeal = typeof seal === 'object' && seal !== null && !Array.isArray(seal) && Object.values(seal).every((n) => Number.isSafeInteger(n));
  if (!isSeal) return [{ path: 'seal', problem: 'is missing or not a seal: this is not a plan as plan makes it, or it was edited' }];
  const digests = seal as Record<string, number>;
  const issues: MappingIssue[] = [];
  const sections = new Set([...Object.keys(plan).filter((key) => key !== 'seal' && plan[key] !== undefined), ...Object.keys(digests)]);
  for (const key of sections) {
    if (!Object.hasOwn(digests, key)) issues.push({ path: key, problem: 'was added after the plan was made' });
    else if (plan[key] === undefined) issues.push({ path: key, problem: 'was removed after the plan was made' });
    else if (digestOf(plan[key]) !== digests[key]) issues.push({ path: key, problem: 'was changed after the plan was made' });
  }
  return issues;
}
