// The fake Looker's user attribute definitions and Looker's rules for creating, changing and
// deleting them. Where Looker does not document a rule, the strict reading is taken (marked so).
import { checkOptionalBoolean, checkOptionalId, checkOptionalString } from '../checks.js';
import { FakeRequestError, type FieldProblem } from '../fake-error.js';
import { IdSequence } from '../ids.js';
import type { FakeUserAttributeChanges, FakeUserAttributeDefinition } from './admin-types.js';
import type { FakeUserAttribute, FakeUserAttributeSeed, FakeUserAttributeType } from './types.js';
import { valueProblem } from './values.js';

/** The types the fake knows; any other is refused. */
export const ATTRIBUTE_TYPES: readonly FakeUserAttributeType[] = [
  'string',
  'number',
  'datetime',
  'yesno',
  'zipcode',
  'relative_url',
  'advanced_filter_string',
  'advanced_filter_number',
  'advanced_filter_datetime',
  'file',
];

/** Each writable property and its name on the wire. */
const WIRE = {
  name: 'name',
  label: 'label',
  type: 'type',
  defaultValue: 'default_value',
  valueIsHidden: 'value_is_hidden',
  userCanView: 'user_can_view',
  userCanEdit: 'user_can_edit',
  hiddenValueDomainWhitelist: 'hidden_value_domain_whitelist',
} as const;
type Property = keyof typeof WIRE;
type Given = Partial<Record<Property, unknown>>;

const invalid = (property: Property, message: string): FieldProblem => ({ field: WIRE[property], code: 'invalid', message });
const refuse = (problems: readonly FieldProblem[]) => new FakeRequestError('validation', 'Validation Failed', problems);

/** Whether each given property has the right type and form. */
function formProblems(given: Given): FieldProblem[] {
  const { name, label, type, defaultValue, hiddenValueDomainWhitelist: whitelist } = given;
  const problems: FieldProblem[] = [];
  if (name !== undefined && !(typeof name === 'string' && /^[a-z0-9_]+$/.test(name)))
    problems.push(invalid('name', 'must be lowercase letters, numbers and underscores'));
  if (label !== undefined && !(typeof label === 'string' && label.trim())) problems.push(invalid('label', 'must not be blank'));
  if (type !== undefined && !ATTRIBUTE_TYPES.includes(type as FakeUserAttributeType))
    problems.push(invalid('type', `must be one of ${ATTRIBUTE_TYPES.join(', ')}`));
  if (defaultValue !== undefined && defaultValue !== null && typeof defaultValue !== 'string') problems.push(invalid('defaultValue', 'must be a string or null'));
  for (const flag of ['valueIsHidden', 'userCanView', 'userCanEdit'] as const)
    if (given[flag] !== undefined && typeof given[flag] !== 'boolean') problems.push(invalid(flag, 'must be true or false'));
  if (whitelist !== undefined && whitelist !== null && !(typeof whitelist === 'string' && whitelist.trim()))
    problems.push(invalid('hiddenValueDomainWhitelist', 'must be a non-blank string or null'));
  return problems;
}

/**
 * How hiding and user access fit together: the properties each rule reads, when it is broken, and
 * what is reported. Looker requires a domain whitelist to hide values (since 5.20). The rest is the
 * strict reading of its settings page, where access is one of None, View or Edit and values can be
 * hidden from no one who may view them: editing needs viewing, hidden values are neither, and a
 * whitelist (which cannot be removed) keeps values hidden.
 */
const ACCESS_RULES: readonly [reads: readonly Property[], broken: (a: FakeUserAttribute) => boolean, FieldProblem][] = [
  [['valueIsHidden', 'hiddenValueDomainWhitelist'], (a) => a.valueIsHidden && a.hiddenValueDomainWhitelist === null, invalid('hiddenValueDomainWhitelist', 'is required to hide values')],
  [['valueIsHidden', 'hiddenValueDomainWhitelist'], (a) => !a.valueIsHidden && a.hiddenValueDomainWhitelist !== null, invalid('valueIsHidden', 'must be true while a domain whitelist is set')],
  [['valueIsHidden', 'userCanView', 'userCanEdit'], (a) => a.valueIsHidden && (a.userCanView || a.userCanEdit), invalid('valueIsHidden', 'cannot hide values users may view or edit')],
  [['userCanView', 'userCanEdit'], (a) => a.userCanEdit && !a.userCanView, invalid('userCanEdit', 'needs user_can_view')],
];

/** The access rules `attribute` breaks among those reading a `given` property (every rule without `given`). */
const accessProblems = (attribute: FakeUserAttribute, given?: Given): FieldProblem[] =>
  ACCESS_RULES.filter(([reads, broken]) => (!given || reads.some((key) => given[key] !== undefined)) && broken(attribute))
    .map(([, , problem]) => problem);

/** Only the writable properties that were given. */
const givenOf = (changes: object): Given =>
  Object.fromEntries(Object.entries(changes).filter(([key, value]) => Object.hasOwn(WIRE, key) && value !== undefined));

/** User attribute definitions, in the order they were added. Unknown ids throw `not_found` (a 404). */
export class AttributeDefinitions {
  readonly #byId = new Map<string, FakeUserAttribute>();
  readonly #ids = new IdSequence();

  /** `conflictStatus`: how a taken name or label is refused (see `FakeLookerOptions`). */
  constructor(private readonly conflictStatus: 409 | 422) {}

  /** Every definition, copied. */
  all(): FakeUserAttribute[] {
    return [...this.#byId.values()].map((a) => ({ ...a }));
  }

  /** The definition, or a 404. */
  get(id: string): FakeUserAttribute {
    const attribute = this.#byId.get(id);
    if (!attribute) throw new FakeRequestError('not_found', `User attribute ${id} not found`);
    return attribute;
  }

  /** The definition named `name`, or a 404. */
  byName(name: string): FakeUserAttribute {
    const attribute = [...this.#byId.values()].find((a) => a.name === name);
    if (!attribute) throw new FakeRequestError('not_found', `No user attribute is named ${name}`);
    return attribute;
  }

  /** A seed: checked for type mistakes only, so a test can hold what the rules would refuse (a system attribute). */
  seed(seed: FakeUserAttributeSeed): FakeUserAttribute {
    if (typeof seed.name !== 'string' || seed.name === '') throw new TypeError('addUserAttribute: name must be a non-empty string');
    checkOptionalId('addUserAttribute: id', seed.id);
    checkOptionalString('addUserAttribute: label', seed.label);
    checkOptionalString('addUserAttribute: defaultValue', seed.defaultValue, true);
    checkOptionalString('addUserAttribute: hiddenValueDomainWhitelist', seed.hiddenValueDomainWhitelist, true);
    for (const flag of ['userCanEdit', 'userCanView', 'valueIsHidden', 'isSystem', 'isPermanent'] as const)
      checkOptionalBoolean(`addUserAttribute: ${flag}`, seed[flag]);
    if (seed.type !== undefined && !ATTRIBUTE_TYPES.includes(seed.type))
      throw new TypeError(`addUserAttribute: type ${JSON.stringify(seed.type)} is not one of ${ATTRIBUTE_TYPES.join(', ')}`);
    if (seed.id !== undefined && this.#byId.has(seed.id)) throw new TypeError(`addUserAttribute: id ${seed.id} is taken by another user attribute`);
    const label = seed.label ?? seed.name;
    for (const other of this.#byId.values()) {
      if (other.name === seed.name) throw new TypeError(`addUserAttribute: name ${seed.name} is taken by another user attribute`);
      if (other.label === label) throw new TypeError(`addUserAttribute: label ${label} is taken by another user attribute`);
    }
    const attribute: FakeUserAttribute = {
      id: '',
      name: seed.name,
      label,
      type: seed.type ?? 'string',
      defaultValue: seed.defaultValue ?? null,
      userCanEdit: seed.userCanEdit ?? true,
      userCanView: seed.userCanView ?? true,
      valueIsHidden: seed.valueIsHidden ?? false,
      hiddenValueDomainWhitelist: seed.hiddenValueDomainWhitelist ?? null,
      isSystem: seed.isSystem ?? false,
      isPermanent: seed.isPermanent ?? false,
    };
    const problem = attribute.defaultValue === null ? undefined : valueProblem(attribute, attribute.defaultValue, 'default_value');
    if (problem) throw refuse([problem]);
    return this.#store({ ...attribute, id: seed.id ?? this.#ids.next((candidate) => this.#byId.has(candidate)) });
  }

  /**
   * `POST /user_attributes`. Left out, access is none and nothing is hidden (the strict reading:
   * Looker does not document its defaults).
   */
  create(definition: FakeUserAttributeDefinition): FakeUserAttribute {
    const given = givenOf(definition);
    const problems = (['name', 'label', 'type'] as const)
      .filter((key) => given[key] === undefined)
      .map((key): FieldProblem => ({ field: WIRE[key], code: 'missing', message: 'This field is required.' }));
    problems.push(...formProblems(given));
    const attribute = {
      id: '',
      defaultValue: null,
      valueIsHidden: false,
      userCanView: false,
      userCanEdit: false,
      hiddenValueDomainWhitelist: null,
      ...given,
      isSystem: false,
      isPermanent: false,
    } as FakeUserAttribute;
    if (!problems.length) problems.push(...this.#fitProblems(attribute, []), ...accessProblems(attribute));
    this.#refuseTaken(attribute, ['name', 'label'], problems);
    return this.#store({ ...attribute, id: this.#ids.next((candidate) => this.#byId.has(candidate)) });
  }

  /**
   * `PATCH /user_attributes/{id}`: only the given properties change. `stored` are the attribute's
   * user and group values, which a new type must fit.
   */
  update(id: string, changes: FakeUserAttributeChanges, stored: readonly string[]): FakeUserAttribute {
    const current = this.get(id);
    const given = givenOf(changes);
    // Looker: "system default user attributes … cannot be edited".
    if (current.isSystem) throw refuse([{ field: 'is_system', code: 'invalid', message: 'A system attribute cannot be edited' }]);
    const problems = formProblems(given);
    const next = { ...current, ...given } as FakeUserAttribute;
    if (!problems.length) {
      // Strict reading: a permanent attribute keeps the name and type its uses depend on.
      if (current.isPermanent) {
        for (const key of ['name', 'type'] as const)
          if (next[key] !== current[key]) problems.push(invalid(key, 'cannot be changed on a permanent attribute'));
      }
      // Looker: "Once set, cannot be edited." Sending the same value again is no edit.
      if (current.hiddenValueDomainWhitelist !== null && next.hiddenValueDomainWhitelist !== current.hiddenValueDomainWhitelist)
        problems.push(invalid('hiddenValueDomainWhitelist', 'cannot be edited once set'));
      if (given.type !== undefined || given.defaultValue !== undefined)
        problems.push(...this.#fitProblems(next, next.type === current.type ? [] : stored));
      // A seed may break a rule; only the rules this change touches are checked.
      problems.push(...accessProblems(next, given));
    }
    this.#refuseTaken(next, (['name', 'label'] as const).filter((key) => given[key] !== undefined), problems);
    return this.#store(next);
  }

  /** `DELETE /user_attributes/{id}`: a system or permanent attribute is refused with a 400, the only refusal Looker declares. */
  delete(id: string): void {
    const { name, isSystem, isPermanent } = this.get(id);
    if (isSystem || isPermanent)
      throw new FakeRequestError('bad_request', `User attribute ${name} is ${isSystem ? 'a system attribute' : 'permanent'} and cannot be deleted`);
    this.#byId.delete(id);
  }

  /** Whether the default and the `stored` values fit the attribute's type. */
  #fitProblems(attribute: FakeUserAttribute, stored: readonly string[]): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const ofDefault = attribute.defaultValue === null ? undefined : valueProblem(attribute, attribute.defaultValue, 'default_value');
    if (ofDefault) problems.push(ofDefault);
    const misfits = stored.filter((value) => valueProblem(attribute, value, 'value'));
    if (misfits.length)
      problems.push(invalid('type', `${misfits.length} stored value(s) do not fit ${attribute.type}, e.g. ${JSON.stringify(misfits[0])}`));
    return problems;
  }

  /**
   * Throws for the problems found, adding each of `keys` (name, label) another attribute holds,
   * compared ignoring case (the strict reading). Looker's description says a duplicate fails with
   * 422; it also declares 409, which `conflictStatus: 409` answers instead.
   */
  #refuseTaken(attribute: FakeUserAttribute, keys: readonly ('name' | 'label')[], problems: FieldProblem[]): void {
    const others = [...this.#byId.values()].filter((other) => other.id !== attribute.id);
    const same = (key: 'name' | 'label', other: FakeUserAttribute) => typeof attribute[key] === 'string' && other[key].toLowerCase() === attribute[key].toLowerCase();
    const taken = keys.filter((key) => others.some((other) => same(key, other)));
    if (problems.length === 0 && taken.length && this.conflictStatus === 409)
      throw new FakeRequestError('conflict', `A user attribute with this ${taken.join(' and ')} already exists`);
    problems.push(...taken.map((key): FieldProblem => ({ field: key, code: 'already_exists', message: 'has already been taken' })));
    if (problems.length) throw refuse(problems);
  }

  #store(attribute: FakeUserAttribute): FakeUserAttribute {
    this.#byId.set(attribute.id, attribute);
    return { ...attribute };
  }
}
