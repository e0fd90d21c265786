// Reads a saved plan for apply: JSON whose syntax errors name the line; the library checks the rest.
import { parseJson } from './json-text.js';
import { displayName, readText, type Stdin } from './read-text.js';
import type { SyncPlan } from './sync-api.js';

/** A plan file that cannot be read, is not JSON, or is not a plan of this version. */
export interface PlanFileError {
  readonly kind: 'invalid_plan_file';
  readonly message: string;
}

/** Reads `path`; only the outline is checked here (an object of version 1 with users). */
export async function readPlanFile(path: string, stdin: Stdin): Promise<{ ok: true; data: SyncPlan } | { ok: false; error: PlanFileError }> {
  const name = displayName(path);
  const fail = (message: string) => ({ ok: false as const, error: { kind: 'invalid_plan_file' as const, message } });
  const text = await readText(path, stdin);
  if (!text.ok) return fail(text.error.message);
  const parsed = parseJson(text.data);
  if (!parsed.ok) {
    const { reason, position } = parsed.error;
    return fail(position ? `${name} line ${position.line} column ${position.column}: ${reason}` : `${name} is not JSON: ${reason}`);
  }
  const plan = parsed.data as { version?: unknown; users?: unknown } | null;
  if (typeof plan !== 'object' || plan === null || Array.isArray(plan) || !Array.isArray(plan.users)) {
    return fail(`${name} is not a plan: make one with user-attributes-sdk plan --out ${name}`);
  }
  if (plan.version !== 1) return fail(`${name} is a plan of version ${JSON.stringify(plan.version)}; this version reads version 1`);
  return { ok: true, data: parsed.data as SyncPlan };
}

/** Where apply records progress when --journal is not given: beside the plan. */
export function defaultJournal(planPath: string): string {
  return `${planPath.replace(/\.json$/i, '')}.journal.ndjson`;
}
