// The fake Looker's attribute definitions: Looker's rules for creating, changing and deleting them,
// system and permanent attributes, and every user's resolved value after group values change.
import { describe, expect, test } from 'vitest';
import { createFakeServices, FakeRequestError, type FakeServices, type FieldProblem } from '../../src/testing/index.js';

/** What a call throws: a FakeRequestError's kind and fields as `field code`, or 'none'. */
function refusal(call: () => unknown): string | string[] {
  try {
    call();
  } catch (error) {
    if (!(error instanceof FakeRequestError)) throw error;
    return error.kind === 'validation' ? error.fieldProblems.map((p: FieldProblem) => `${p.field} ${p.code}`) : error.kind;
  }
  return 'none';
}

/** Refused, and nothing changed. */
function expectRefused(fake: FakeServices, call: () => unknown, expected: string | string[]) {
  const before = fake.looker.snapshot();
  expect(refusal(call)).toEqual(expected);
  expect(fake.looker.snapshot()).toEqual(before);
}

const base = { name: 'region', label: 'Region', type: 'string' };

describe('creating a definition', () => {
  test('the defaults: no access for users, nothing hidden, no default value', () => {
    const { looker } = createFakeServices();
    expect(looker.createUserAttribute(base)).toEqual({
      id: '1',
      ...base,
      defaultValue: null,
      userCanView: false,
      userCanEdit: false,
      valueIsHidden: false,
      hiddenValueDomainWhitelist: null,
      isSystem: false,
      isPermanent: false,
    });
  });

  test.each<[string, object, string[]]>([
    ['nothing', {}, ['name missing', 'label missing', 'type missing']],
    ['a name with capitals or spaces', { ...base, name: 'Sales Region' }, ['name invalid']],
    ['a blank label', { ...base, label: '  ' }, ['label invalid']],
    ['a type Looker does not know', { ...base, type: 'blob' }, ['type invalid']],
    ['a default the type does not take', { ...base, type: 'yesno', defaultValue: 'maybe' }, ['default_value invalid']],
    ['hidden values without a domain whitelist', { ...base, valueIsHidden: true }, ['hidden_value_domain_whitelist invalid']],
    ['a whitelist for values that are not hidden', { ...base, hiddenValueDomainWhitelist: 'acme.com' }, ['value_is_hidden invalid']],
    ['hidden values users may view', { ...base, valueIsHidden: true, hiddenValueDomainWhitelist: 'acme.com', userCanView: true }, ['value_is_hidden invalid']],
    ['editing without viewing', { ...base, userCanEdit: true }, ['user_can_edit invalid']],
    ['a flag that is not a boolean', { ...base, userCanView: 'yes' }, ['user_can_view invalid']],
  ])('%s is refused with 422 naming each field', (_, definition, fields) => {
    const fake = createFakeServices();
    expectRefused(fake, () => fake.looker.createUserAttribute(definition as typeof base), fields);
  });

  test('a taken name or label (ignoring case) is a 422 already_exists, or a 409 when the fake is told so', () => {
    const fake = createFakeServices();
    fake.looker.createUserAttribute(base);
    expectRefused(fake, () => fake.looker.createUserAttribute({ ...base, label: 'Area' }), ['name already_exists']);
    expectRefused(fake, () => fake.looker.createUserAttribute({ ...base, name: 'area', label: 'REGION' }), ['label already_exists']);
    const strict = createFakeServices({ looker: { attributeConflictStatus: 409 } });
    strict.looker.createUserAttribute(base);
    expectRefused(strict, () => strict.looker.createUserAttribute(base), 'conflict');
    // Other problems come first, as a 422 listing the taken name too.
    expectRefused(strict, () => strict.looker.createUserAttribute({ ...base, type: 'blob' }), ['type invalid', 'name already_exists', 'label already_exists']);
    expect(() => createFakeServices({ looker: { attributeConflictStatus: 400 as 409 } })).toThrow(/attributeConflictStatus must be 409 or 422/);
  });
});

describe('changing a definition', () => {
  test('only the given properties change', () => {
    const { looker } = createFakeServices();
    const region = looker.createUserAttribute({ ...base, defaultValue: 'World' });
    expect(looker.updateUserAttribute(region.id, { label: 'Sales region', userCanView: true, name: undefined })).toMatchObject({
      name: 'region',
      label: 'Sales region',
      defaultValue: 'World',
      userCanView: true,
      userCanEdit: false,
    });
  });

  test('a new type must fit the default and every stored user and group value', () => {
    const fake = createFakeServices();
    const { looker } = fake;
    const level = looker.createUserAttribute({ ...base, name: 'level', label: 'Level', defaultValue: '1' });
    const group = looker.addGroup();
    const user = looker.addUser({ groupIds: [group.id] });
    looker.setUserValue(user.id, level.id, 'high');
    expectRefused(fake, () => looker.updateUserAttribute(level.id, { type: 'number' }), ['type invalid']);
    looker.setUserValue(user.id, level.id, '3');
    looker.updateGroupValue(group.id, level.id, 'low');
    expectRefused(fake, () => looker.updateUserAttribute(level.id, { type: 'number' }), ['type invalid']);
    looker.deleteGroupValue(group.id, level.id);
    expectRefused(fake, () => looker.updateUserAttribute(level.id, { type: 'number', defaultValue: 'one' }), ['default_value invalid']);
    expect(looker.updateUserAttribute(level.id, { type: 'number' }).type).toBe('number');
  });

  test('a domain whitelist cannot be edited once set, nor the values unhidden; sending it unchanged is no edit', () => {
    const fake = createFakeServices();
    const secret = fake.looker.createUserAttribute({ ...base, valueIsHidden: true, hiddenValueDomainWhitelist: 'db.acme.com' });
    expectRefused(fake, () => fake.looker.updateUserAttribute(secret.id, { hiddenValueDomainWhitelist: '*.acme.com' }), ['hidden_value_domain_whitelist invalid']);
    // Removing it is an edit too, and hidden values need one.
    const removed = ['hidden_value_domain_whitelist invalid', 'hidden_value_domain_whitelist invalid'];
    expectRefused(fake, () => fake.looker.updateUserAttribute(secret.id, { hiddenValueDomainWhitelist: null }), removed);
    expectRefused(fake, () => fake.looker.updateUserAttribute(secret.id, { valueIsHidden: false }), ['value_is_hidden invalid']);
    expect(fake.looker.updateUserAttribute(secret.id, { hiddenValueDomainWhitelist: 'db.acme.com', label: 'Secret' }).label).toBe('Secret');
  });

  test('system attributes cannot be edited; permanent ones keep their name and type', () => {
    const fake = createFakeServices();
    const email = fake.looker.addUserAttribute({ name: 'email', isSystem: true, isPermanent: true, userCanEdit: false });
    const locale = fake.looker.addUserAttribute({ name: 'locale', isPermanent: true });
    expectRefused(fake, () => fake.looker.updateUserAttribute(email.id, { label: 'E-mail' }), ['is_system invalid']);
    expectRefused(fake, () => fake.looker.updateUserAttribute(locale.id, { name: 'language', type: 'zipcode' }), ['name invalid', 'type invalid']);
    expect(fake.looker.updateUserAttribute(locale.id, { label: 'Language', defaultValue: 'en' })).toMatchObject({ name: 'locale', label: 'Language' });
  });

  test('a seed may break the access rules; a change is checked against the rules it touches', () => {
    const fake = createFakeServices();
    // Hidden, yet viewable and without a whitelist: the seeds of older tests.
    const legacy = fake.looker.addUserAttribute({ name: 'legacy', valueIsHidden: true });
    expect(fake.looker.updateUserAttribute(legacy.id, { label: 'Legacy' }).label).toBe('Legacy');
    expectRefused(fake, () => fake.looker.updateUserAttribute(legacy.id, { userCanEdit: false }), ['value_is_hidden invalid']);
  });

  test('a name or label another attribute holds is refused; an unknown id is a 404', () => {
    const fake = createFakeServices();
    fake.looker.createUserAttribute(base);
    const team = fake.looker.createUserAttribute({ ...base, name: 'team', label: 'Team' });
    expectRefused(fake, () => fake.looker.updateUserAttribute(team.id, { name: 'region' }), ['name already_exists']);
    expect(fake.looker.updateUserAttribute(team.id, { label: 'team' }).label).toBe('team');
    expectRefused(fake, () => fake.looker.updateUserAttribute('999', { label: 'x' }), 'not_found');
  });
});

describe('deleting a definition', () => {
  test('its user and group values and its identity-provider mappings go with it', () => {
    const { looker } = createFakeServices();
    const region = looker.createUserAttribute(base);
    const team = looker.createUserAttribute({ ...base, name: 'team', label: 'Team' });
    const group = looker.addGroup();
    const user = looker.addUser({ groupIds: [group.id] });
    looker.setUserValue(user.id, region.id, 'EMEA');
    looker.setGroupValues(region.id, [{ groupId: group.id, value: 'World' }]);
    looker.setIdentityProvider('oidc', { userAttributes: [{ name: 'dept', userAttributeIds: [region.id, team.id] }] });
    looker.deleteUserAttribute(region.id);
    const { userAttributes, userValues, groupValues, identityProviders } = looker.snapshot();
    expect([userAttributes.map((a) => a.name), userValues, groupValues]).toEqual([['team'], [], []]);
    expect(identityProviders.oidc.userAttributes).toEqual([{ name: 'dept', required: false, userAttributeIds: [team.id] }]);
    expect(refusal(() => looker.resolve(user.id, region.id))).toBe('not_found');
  });

  test('system and permanent attributes are refused with a 400', () => {
    const fake = createFakeServices();
    const email = fake.looker.addUserAttribute({ name: 'email', isSystem: true });
    const locale = fake.looker.addUserAttribute({ name: 'locale', isPermanent: true });
    expectRefused(fake, () => fake.looker.deleteUserAttribute(email.id), 'bad_request');
    expectRefused(fake, () => fake.looker.deleteUserAttribute(locale.id), 'bad_request');
    expectRefused(fake, () => fake.looker.deleteUserAttribute('999'), 'not_found');
  });
});

test('a system attribute takes no user or group values: Looker sets them', () => {
  const fake = createFakeServices();
  const email = fake.looker.addUserAttribute({ name: 'email', isSystem: true });
  const group = fake.looker.addGroup();
  const user = fake.looker.addUser();
  expectRefused(fake, () => fake.looker.setUserValue(user.id, email.id, 'x@acme.com'), ['value invalid']);
  expectRefused(fake, () => fake.looker.updateGroupValue(group.id, email.id, 'x@acme.com'), ['value invalid']);
  expectRefused(fake, () => fake.looker.setGroupValues(email.id, [{ groupId: group.id, value: 'x' }]), ['value invalid']);
});

test('resolvedValues: every user’s value by rank and order of the group values, after each change', () => {
  const { looker } = createFakeServices();
  const region = looker.createUserAttribute({ ...base, defaultValue: 'World' });
  const [sales, support] = [looker.addGroup({ name: 'Sales' }), looker.addGroup({ name: 'Support' })];
  const ana = looker.addUser({ groupIds: [sales.id, support.id] });
  const ben = looker.addUser({ groupIds: [support.id] });
  const cai = looker.addUser();
  const values = () => looker.resolvedValues('region');

  expect(values()).toEqual({ [ana.id]: 'World', [ben.id]: 'World', [cai.id]: 'World' });
  looker.setGroupValues(region.id, [{ groupId: support.id, value: 'S' }, { groupId: sales.id, value: 'A' }]);
  expect(values()).toEqual({ [ana.id]: 'S', [ben.id]: 'S', [cai.id]: 'World' });
  looker.setGroupValues(region.id, [{ groupId: support.id, value: 'S', rank: 2 }, { groupId: sales.id, value: 'A', rank: 1 }]);
  expect(values()).toEqual({ [ana.id]: 'A', [ben.id]: 'S', [cai.id]: 'World' });
  // A group value added on its own loses to every other: ana keeps Sales'.
  looker.deleteGroupValue(support.id, region.id);
  looker.updateGroupValue(support.id, region.id, 'S2');
  expect(values()).toEqual({ [ana.id]: 'A', [ben.id]: 'S2', [cai.id]: 'World' });
  looker.setUserValue(cai.id, region.id, 'APAC');
  expect(values()).toEqual({ [ana.id]: 'A', [ben.id]: 'S2', [cai.id]: 'APAC' });
  expect(looker.resolvedValue(ana.id, 'region')).toEqual({ value: 'A', source: 'group', rank: 1, groupId: sales.id });
  expect(refusal(() => looker.resolvedValues('regoin'))).toBe('not_found');
});
