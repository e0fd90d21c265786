// Checks of a user attribute definition given to createUserAttribute and updateUserAttribute.
import { checkString, describe, type InputCheck } from '../core/input-checks.js';

type FieldCheck = (check: InputCheck, path: string, value: unknown) => unknown;

const pattern = (regex: RegExp, problem: string): FieldCheck => (check, path, value) =>
  checkString(check, path, value) && !regex.test(value) && check.add(path, problem);
const boolean: FieldCheck = (check, path, value) => typeof value !== 'boolean' && check.add(path, `must be a boolean, got ${describe(value)}`);
const stringOrNull = (then?: FieldCheck): FieldCheck => (check, path, value) =>
  value === null || (checkString(check, path, value) && then?.(check, path, value));

/** Each property's check, by the name a method takes; the body sends it in snake_case. */
const PROPERTIES = new Map<string, FieldCheck>([
  ['name', pattern(/^[a-z0-9_]+$/, 'must be lowercase letters, digits and underscores')],
  ['label', pattern(/\S/, 'must not be blank')],
  // An open set: newer Looker releases add types.
  ['type', pattern(/^[a-z][a-z0-9_]*$/, 'must be a type name such as string, number or yesno')],
  ['defaultValue', stringOrNull()],
  ['valueIsHidden', boolean],
  ['userCanView', boolean],
  ['userCanEdit', boolean],
  // Comma-separated destinations (hosts, with `*` wildcards), no control characters.
  ['hiddenValueDomainWhitelist', stringOrNull(pattern(/^[^,\s\0-\x1f\x7f]+(,\s*[^,\s\0-\x1f\x7f]+)*$/, 'must be destinations separated by commas'))],
]);

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * Checks a definition's properties (all but `userAttributeId`) and returns the request body. A
 * property left out or `undefined` is not sent; a name that is no property is refused, so a typo
 * cannot be dropped silently. A new attribute needs `name`, `label` and `type`, and a hidden one a
 * domain whitelist (required since Looker 5.20); an update must change something.
 */
export function checkDefinition(check: InputCheck, fields: Record<string, unknown>, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    const property = PROPERTIES.get(key);
    if (key === 'userAttributeId' && !creating) continue;
    if (!property) check.add(key, 'is not a property of a user attribute definition');
    else if (value !== undefined) {
      property(check, key, value);
      body[snakeCase(key)] = value;
    }
  }
  if (creating) {
    for (const key of ['name', 'label', 'type']) if (fields[key] === undefined) check.add(key, 'is required');
    if (fields.valueIsHidden === true && typeof fields.hiddenValueDomainWhitelist !== 'string') {
      check.add('hiddenValueDomainWhitelist', 'is required to hide values (valueIsHidden: true)');
    }
  } else if (!Object.keys(body).length) check.add('input', 'must change at least one property');
  return body;
}
