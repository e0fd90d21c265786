// Reading a plan back (from disk, from another process): its version, its seal and every field
// checked, so that apply never acts on a plan this library did not write or that was edited.
import { isRecord } from '../../core/input-checks.js';
import type { PlainResult } from '../../core/result.js';
import type { MappingIssue } from './mapping.js';
import { PLAN_VERSION, type SyncPlan } from './plan.js';
import type { InvalidPlanError } from './errors.js';
import { sealIssues } from './seal.js';

type Check = (path: string, problem: string) => void;

const isText = (value: unknown): value is string => typeof value === 'string';
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const textOrNull = (value: unknown) => value === null || isText(value);

function checkChanges(changes: unknown, at: string, add: Check): void {
  if (!Array.isArray(changes)) return add(at, 'must be an array of changes');
  changes.forEach((change: unknown, i) => {
    const path = `${at}[${i}]`;
    if (!isRecord(change) || !isText(change.attribute) || change.attribute === '') return add(path, 'must be a change naming its attribute');
    switch (change.action) {
      case 'set':
        if (!textOrNull(change.before)) add(`${path}.before`, 'must be a string or null');
        if (!isText(change.after)) add(`${path}.after`, 'must be a string');
        break;
      case 'remove':
        if (!textOrNull(change.before)) add(`${path}.before`, 'must be a string or null');
        if (!isRecord(change.fallback) || !textOrNull(change.fallback.value) || !isText(change.fallback.source))
          add(`${path}.fallback`, 'must be { value: string | null, source: string }');
        break;
      case 'unchanged':
        break;
      default:
        add(`${path}.action`, 'must be set, remove or unchanged');
    }
  });
}

function checkServices(services: unknown, add: Check): void {
  if (!isRecord(services)) return add('services', 'must be an object with looker and dx');
  const { looker, dx } = services;
  if (!isRecord(looker) || (looker.status !== 'planned' && looker.status !== 'skipped')) add('services.looker', 'must say planned or skipped');
  else if (looker.status === 'planned') {
    if (!isText(looker.baseUrl) || looker.baseUrl === '') add('services.looker.baseUrl', 'must be the URL of the Looker planned');
    if (!Array.isArray(looker.attributes)) add('services.looker.attributes', 'must be an array');
    else
      looker.attributes.forEach((attribute: unknown, i) => {
        if (!isRecord(attribute) || !isText(attribute.name) || !isText(attribute.id) || !(isText(attribute.type) || attribute.type === null))
          add(`services.looker.attributes[${i}]`, 'must be { name, id, type, userCanEdit }');
        else if (typeof attribute.userCanEdit !== 'boolean') add(`services.looker.attributes[${i}]`, 'must say whether it is user-editable');
      });
    if (!isCount(looker.userPages) || !isCount(looker.usersRead)) add('services.looker', 'must count userPages and usersRead');
    const { users } = looker;
    if (users !== undefined && !(isRecord(users) && (users.method === 'listing' || users.method === 'lookups') && isText(users.reason) && isCount(users.calls)))
      add('services.looker.users', 'must say listing or lookups, why, and the calls');
  } else if (looker.baseUrl !== undefined && (!isText(looker.baseUrl) || looker.baseUrl === '')) add('services.looker.baseUrl', 'must be the URL of the Looker whose layers were read');
  if (!isRecord(dx) || (dx.status !== 'planned' && dx.status !== 'skipped')) add('services.dx', 'must say planned or skipped');
  else if (dx.status === 'planned') {
    if (!isText(dx.baseUrl) || dx.baseUrl === '') add('services.dx.baseUrl', 'must be the URL of the DX planned');
    if (!Array.isArray(dx.attributes) || !dx.attributes.every(isText)) add('services.dx.attributes', 'must be an array of names');
    if (!isCount(dx.pages) || !isCount(dx.listedUsers)) add('services.dx', 'must count pages and listedUsers');
  }
}

function checkUsers(plan: Record<string, unknown>, add: Check): void {
  const { users, services } = plan;
  if (!Array.isArray(users)) return add('users', 'must be an array');
  const looker = isRecord(services) && isRecord(services.looker) ? services.looker : {};
  const known = new Set(Array.isArray(looker.attributes) ? looker.attributes.map((a) => (isRecord(a) ? a.name : undefined)) : []);
  const emails = new Set<string>();
  users.forEach((user: unknown, i) => {
    const at = `users[${i}]`;
    if (!isRecord(user) || !isText(user.email) || user.email === '') return add(at, 'must be a user with an email');
    if (emails.has(user.email)) add(`${at}.email`, 'appears twice');
    emails.add(user.email);
    if (user.digest !== undefined && !isCount(user.digest)) add(`${at}.digest`, 'must be a record digest (a whole number)');
    if (user.looker !== undefined) {
      if (!isRecord(user.looker) || !isText(user.looker.userId) || user.looker.userId === '') add(`${at}.looker`, 'must be { userId, changes }');
      else {
        checkChanges(user.looker.changes, `${at}.looker.changes`, add);
        const changes: unknown[] = Array.isArray(user.looker.changes) ? user.looker.changes : [];
        changes.forEach((change, j) => {
          if (isRecord(change) && !known.has(change.attribute)) add(`${at}.looker.changes[${j}].attribute`, 'is not among services.looker.attributes');
        });
      }
    }
    if (user.dx !== undefined) {
      if (!isRecord(user.dx)) add(`${at}.dx`, 'must be { changes }');
      else checkChanges(user.dx.changes, `${at}.dx.changes`, add);
    }
  });
}

const refused = (message: string, issues: MappingIssue[], edited?: string[]): { ok: false; error: InvalidPlanError } => ({
  ok: false,
  error: { kind: 'invalid_plan', message, issues, ...(edited && { edited }) },
});

/**
 * Checks that `value` is a plan this library wrote, of this version and as `plan` sealed it,
 * naming every problem by key path: the sections an edit changed, then every field that is wrong.
 */
export function validatePlan(value: unknown): PlainResult<SyncPlan, InvalidPlanError> {
  const issues: MappingIssue[] = [];
  const add: Check = (path, problem) => issues.push({ path, problem });
  if (isRecord(value) && value.version !== PLAN_VERSION) {
    // Its fields may mean something else: it is not read at all.
    const problem = `is ${JSON.stringify(value.version) ?? 'missing'}: this library applies plans of version ${PLAN_VERSION} only; make a new plan`;
    return refused(`invalid plan: version ${problem}`, [{ path: 'version', problem }]);
  }
  const edited = isRecord(value) ? sealIssues(value) : [];
  issues.push(...edited);
  if (!isRecord(value)) add('', 'must be a plan object');
  else {
    if (!isText(value.id) || value.id === '') add('id', 'must be the plan id');
    if (!isText(value.createdAt) || !Number.isFinite(Date.parse(value.createdAt))) add('createdAt', 'must be an ISO date and time');
    if (typeof value.incremental !== 'boolean') add('incremental', 'must be true or false');
    checkServices(value.services, add);
    checkUsers(value, add);
    for (const list of ['problems', 'warnings'] as const) if (!Array.isArray(value[list])) add(list, 'must be an array');
    const forecast = value.forecast;
    if (!isRecord(forecast) || !isCount(forecast.looker) || !isCount(forecast.dx)) add('forecast', 'must be { looker: count, dx: count }');
    if (!isRecord(value.summary)) add('summary', 'must be an object');
    if (!Array.isArray(value.settled) || !value.settled.every(isCount)) add('settled', 'must be an array of record digests');
    const { revert, partial } = value;
    if (revert !== undefined && !(isRecord(revert) && isText(revert.planId) && Array.isArray(revert.notReverted)))
      add('revert', 'must be { planId, notReverted }');
    const scoped = isRecord(partial) && Array.isArray(partial.targets) && partial.targets.every(isText) && isCount(partial.notTargeted);
    if (partial !== undefined && !scoped)
      add('partial', 'must be { targets, unmatched, notTargeted }');
  }
  if (!issues.length) return { ok: true, data: value as unknown as SyncPlan };
  if (edited.length && edited[0]?.path !== 'seal') {
    const sections = edited.map((issue) => issue.path);
    return refused(`invalid plan: it was edited after it was made (${sections.join(', ')}), so its seal does not match: make a new plan`, issues, sections);
  }
  const first = issues[0] as MappingIssue;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return refused(`invalid plan: ${first.path || 'plan'} ${first.problem}${more}`, issues);
}

/** Parses the JSON text of a saved plan and checks it. */
export function parsePlan(text: string): PlainResult<SyncPlan, InvalidPlanError> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = `invalid plan: not JSON (${error instanceof Error ? error.message : String(error)})`;
    return { ok: false, error: { kind: 'invalid_plan', message, issues: [{ path: '', problem: 'is not JSON' }] } };
  }
  return validatePlan(value);
}
