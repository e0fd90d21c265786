// DX attribute names: a mapped name no listed DX user carries is refused unless declared new, as DX matches names.
import { describe, expect, test } from 'vitest';
import { parseMapping } from '../../../src/sync/model/mapping.js';
import { editDistance, nearestNames, unknownDxNames } from '../../../src/sync/plan/dx-names.js';

const carried = new Map([['department', 'Department'], ['departure gate', 'Departure Gate'], ['region', 'Region'], ['team', 'Team']]);

describe('unknownDxNames', () => {
  test('a name no user carries is refused, naming the nearest names and how to go on', () => {
    const refused = unknownDxNames(['Departmnet', 'Region'], carried, []);
    expect(refused).toMatchObject({ kind: 'unknown_dx_attribute', service: 'dx', names: ['Departmnet'], nearest: { Departmnet: ['Department'] } });
    expect(refused?.message).toContain('"Departmnet" (nearest: "Department")');
    expect(refused?.message).toContain('"dx": { "newAttributes": ["Departmnet"] }');
  });

  test('names match case-insensitively, as DX matches them', () => {
    expect(unknownDxNames(['DEPARTMENT', 'region'], carried, [])).toBeUndefined();
  });

  test('a name declared new is accepted, in any case; a DX whose users carry nothing refuses every name not declared', () => {
    expect(unknownDxNames(['Cost Centre', 'Team'], carried, ['cost centre'])).toBeUndefined();
    const empty = unknownDxNames(['Team', 'Region'], new Map(), ['Region']);
    expect(empty).toMatchObject({ names: ['Team'], nearest: { Team: [] } });
    expect(empty?.message).toContain('no listed DX user carries any attribute');
  });

  test('the nearest names by edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(nearestNames('Regoin', carried, 1)).toEqual(['Region']);
    expect(nearestNames('Departmen', carried)).toEqual(['Department']);
    expect(nearestNames('Depart', new Map([['departed', 'Departed'], ['deport', 'Deport'], ['x', 'X']]))).toEqual(['Deport', 'Departed']);
    expect(unknownDxNames(['Office'], carried, [])?.message).toContain('"Office" (no similar name among the 4 names DX users carry)');
  });
});

describe('dx.newAttributes in the mapping', () => {
  const fields = { Department: { dx: 'Department' }, Team: { looker: 'team' } };

  test('is kept when each name is one the mapping writes to DX', () => {
    expect(parseMapping({ fields, dx: { newAttributes: ['department'] } })).toMatchObject({ ok: true, data: { dx: { newAttributes: ['department'] } } });
    expect(parseMapping({ fields })).toMatchObject({ ok: true, data: { email: 'email' } });
    expect(parseMapping({ fields }).ok && 'dx' in (parseMapping({ fields }) as { data: object }).data).toBe(false);
  });

  test('every wrong key or name is named by its path', () => {
    const parsed = parseMapping({ fields, dx: { newAttributes: ['Team', 'Department', 'DEPARTMENT', ' x', 3], other: true } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.issues).toEqual([
      { path: 'dx.other', problem: 'is not a DX option (newAttributes)' },
      { path: 'dx.newAttributes[0]', problem: 'is not a DX attribute the mapping writes: "Team"' },
      { path: 'dx.newAttributes[2]', problem: 'names "DEPARTMENT" twice (names match case-insensitively)' },
      { path: 'dx.newAttributes[3]', problem: 'must be a DX attribute name (non-empty, no surrounding spaces)' },
      { path: 'dx.newAttributes[4]', problem: 'must be a DX attribute name (non-empty, no surrounding spaces)' },
    ]);
    expect(parseMapping({ fields, dx: ['x'] })).toMatchObject({ ok: false, error: { issues: [{ path: 'dx' }] } });
    expect(parseMapping({ fields, dx: { newAttributes: 'x' } })).toMatchObject({ ok: false, error: { issues: [{ path: 'dx.newAttributes' }] } });
  });
});
