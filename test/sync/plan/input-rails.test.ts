// What the plan refuses in the input itself: text that is not an address, mapped fields the input
// does not have, and a plan that would compare nothing.
import { describe, expect, test } from 'vitest';
import { createSync } from '../../../src/sync/index.js';
import { mapping, syncOf } from '../../support/sync/fixtures.js';
import { createMemoryWorld } from '../../support/sync/memory-world.js';

const dxOnly = () => mapping({ email: 'Work Email', fields: { Department: { dx: 'Department' } }, dx: { newAttributes: ['Department'] } });

test('"mailto:…" and "<…>" are invalid_email problems: nothing is planned for them in either service', async () => {
  const world = createMemoryWorld();
  for (const email of ['ben@acme.test', 'cat@acme.test', 'dan@acme.test']) world.addDxUser({ email });
  const plan = await syncOf(world, { mapping: dxOnly() }).plan([
    { 'Work Email': 'mailto:ben@acme.test', Department: 'Sales' },
    { 'Work Email': '<cat@acme.test>', Department: 'Sales' },
    { 'Work Email': 'dan@acme.test', Department: 'Sales' },
  ]);
  if (!plan.ok) throw new Error(plan.error.message);
  expect(plan.data.problems.map((p) => [p.kind, p.record, p.message])).toEqual([
    ['invalid_email', 0, 'record 0: "Work Email" is not an email address (name@domain.example, with nothing around it)'],
    ['invalid_email', 1, 'record 1: "Work Email" is not an email address (name@domain.example, with nothing around it)'],
  ]);
  expect(plan.data.users.map((user) => user.email)).toEqual(['dan@acme.test']);
});

describe('a mapped field the input does not have is an error naming it, never a column of empty values', () => {
  const regionWorld = () => {
    const world = createMemoryWorld();
    const region = world.addAttribute({ name: 'region' });
    const jo = world.addLookerUser({ email: 'jo@acme.test' });
    world.setLookerValue(jo, region, 'EMEA');
    return world;
  };
  const regionMapping = () => mapping({ email: 'Work Email', fields: { Region: { looker: 'region' } } });

  test('a CSV header without it: refused before any request, with the header\'s names and the near miss', async () => {
    const world = regionWorld();
    const result = await syncOf(world, { mapping: regionMapping() }).plan([{ 'Work Email': 'jo@acme.test', region: 'APAC' }], { columns: ['Work Email', 'region '] });
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'missing_fields', fields: ['Region'], columns: ['Work Email', 'region '],
        message: 'the input has no column "Region" (mapped to Looker region), so every record would read it as empty. '
          + 'Its columns are "Work Email", "region ". Field names match exactly: "region " differs from "Region" only in case or spaces',
      },
    });
    expect(world.calls('looker')).toEqual({});
  });

  test.each([
    ['semicolon', 'Work Email;Region', 'the header looks semicolon-delimited: save the file with commas between the fields'],
    ['tab', 'Work Email\tRegion', 'the header looks tab-delimited: save the file with commas between the fields'],
  ])('a %s-delimited export read as one column: the email field and the mapped one are named, with a hint', async (_, header, hint) => {
    const world = regionWorld();
    const result = await syncOf(world, { mapping: regionMapping() }).plan([], { columns: [header] });
    expect(result).toMatchObject({ ok: false, error: { kind: 'missing_fields', fields: ['Work Email', 'Region'] } });
    if (!result.ok) {
      expect(result.error.message).toMatch(/^the input has no column "Work Email" \(the email field\) or "Region" \(mapped to Looker region\)/);
      expect(result.error.message).toContain(hint);
    }
    expect(world.calls('looker')).toEqual({});
  });

  test('JSON records none of which has it: a plan error (not a problem per record), nothing planned', async () => {
    const world = regionWorld();
    const result = await syncOf(world, { mapping: regionMapping() }).plan([{ 'Work Email': 'jo@acme.test', region: 'APAC' }, { 'Work Email': 'al@acme.test' }]);
    expect(result).toMatchObject({
      ok: false,
      error: {
        kind: 'missing_fields', fields: ['Region'], columns: ['Work Email', 'region'],
        message: 'no record has the field "Region" (mapped to Looker region), so every record would read it as empty. '
          + 'The records\' fields are "Work Email", "region". Field names match exactly: "region" differs from "Region" only in case or spaces',
      },
    });
    const noEmail = await syncOf(world, { mapping: regionMapping() }).plan([{ email: 'jo@acme.test', Region: 'APAC' }]);
    expect(noEmail).toMatchObject({ ok: false, error: { kind: 'missing_fields', fields: ['Work Email'], message: expect.stringMatching(/^no record has the field "Work Email" \(the email field\)/) } });
    expect(world.writes().size).toBe(0);
  });

  test('a field some records have and others lack is read as empty where it is missing', async () => {
    const world = regionWorld();
    const plan = await syncOf(world, { mapping: regionMapping() }).plan([{ 'Work Email': 'al@acme.test', Region: 'APAC' }, { 'Work Email': 'jo@acme.test' }]);
    expect(plan.ok && plan.data.users.map((user) => user.looker?.changes)).toEqual([[{ attribute: 'region', action: 'remove', before: 'EMEA', fallback: { value: null, source: 'No Value' } }]]);
  });
});

describe('a plan that compares nothing says so', () => {
  test('every service the mapping names is skipped: no_service, before any request', async () => {
    const world = createMemoryWorld();
    world.addAttribute({ name: 'region' });
    const lookerOnly = mapping({ email: 'Work Email', fields: { Region: { looker: 'region' } } });
    const dxOnlySync = createSync({ dx: world.dx, mapping: lookerOnly, runtime: world.runtime });
    expect(await dxOnlySync.plan([{ 'Work Email': 'jo@acme.test', Region: 'EMEA' }])).toEqual({
      ok: false,
      error: { kind: 'no_service', services: ['looker'], message: 'the mapping writes to Looker, but no Looker client was given: nothing would be compared' },
    });
    const none = await createSync({ mapping: mapping(), runtime: world.runtime }).plan([]);
    expect(none).toMatchObject({ ok: false, error: { kind: 'no_service', services: ['looker', 'dx'], message: 'the mapping writes to Looker and DX, but no Looker or DX client was given: nothing would be compared' } });
    expect({ ...world.calls('looker'), ...world.calls('dx') }).toEqual({});
  });

  test('the summary counts the records compared: 0 when every record is a problem, or there are none', async () => {
    const world = createMemoryWorld();
    world.addAttribute({ name: 'region' });
    world.addLookerUser({ email: 'jo@acme.test' });
    const sync = syncOf(world, { mapping: mapping({ email: 'Work Email', fields: { Region: { looker: 'region' } } }) });
    const problems = await sync.plan([{ 'Work Email': 'nobody@acme.test', Region: 'EMEA' }, { 'Work Email': 'mailto:jo@acme.test', Region: 'EMEA' }]);
    expect(problems.ok && problems.data.summary).toMatchObject({ compared: 0, records: 1, problems: 2 });
    const empty = await sync.plan([]);
    expect(empty.ok && empty.data.summary).toMatchObject({ compared: 0, records: 0, problems: 0 });
    const one = await sync.plan([{ 'Work Email': 'nobody@acme.test', Region: 'EMEA' }, { 'Work Email': 'jo@acme.test', Region: '' }]);
    expect(one.ok && one.data.summary).toMatchObject({ compared: 1, records: 2, unchanged: 1, problems: 1 });
  });
});
