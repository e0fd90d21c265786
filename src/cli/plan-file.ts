// Reads a saved plan for apply: JSON whose syntax errors name the line, then the library's own check.
import { failure, type PlainResult } from '../core/result.js';
import { displayName, readJsonFile, type Stdin } from './input-file.js';
import { PLAN_VERSION, validatePlan, type SyncPlan } from './sync.js';

/** A plan file that cannot be read, is not JSON, or is not a plan the library wrote. */
export interface PlanFileError {
  readonly kind: 'invalid_plan_file';
  readonly message: string;
  /** One line per problem `validatePlan` found, each naming its key path. */
  readonly details: readonly string[];
}

/** Reads `path` and checks every field of it with the sync library's `validatePlan`. */
export async function readPlanFile(path: string, stdin: Stdin): Promise<PlainResult<SyncPlan, PlanFileError>> {
  const name = displayName(path);
  const fail = (message: string, details: readonly string[] = []) => failure<PlanFileError>({ kind: 'invalid_plan_file', message, details });
  const parsed = await readJsonFile(path, stdin);
  if (!parsed.ok) return fail(parsed.error.message);
  const value = parsed.data as { version?: unknown; users?: unknown } | null;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Array.isArray(value.users)) {
    return fail(`${name} is not a plan: make one with user-attributes-sdk plan --out ${name}`);
  }
  const again = `make a new plan with user-attributes-sdk plan --out ${name}`;
  if (value.version !== PLAN_VERSION) return fail(`${name} is a plan of version ${JSON.stringify(value.version)}; this version applies plans of version ${PLAN_VERSION} only: ${again}`);
  const checked = validatePlan(value);
  if (!checked.ok) {
    const details = checked.error.issues.map((issue) => `${name}: ${issue.path === '' ? '(top level)' : issue.path} ${issue.problem}`);
    const { edited } = checked.error;
    if (edited) return fail(`${name} was edited after plan made it (${edited.join(', ')} changed), and an edited plan is never applied: ${again}`, details);
    return fail(`${name} is not a plan as plan --out saves it: ${again}`, details);
  }
  return checked;
}

/** Where apply records progress when --journal is not given: beside the plan. */
export function defaultJournal(planPath: string): string {
  return `${planPath.replace(/\.json$/i, '')}.journal.ndjson`;
}
