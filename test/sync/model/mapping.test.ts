import { describe, expect, test } from 'vitest';
import { parseMapping } from '../../../src/sync/model/mapping.js';

describe('parseMapping', () => {
  test('fills in the defaults', () => {
    const parsed = parseMapping({ fields: { Department: { looker: 'department', dx: 'Department' }, Region: { looker: 'region', whenEmpty: 'keep' } } });
    expect(parsed).toEqual({
      ok: true,
      data: {
        email: 'email',
        fields: { Department: { looker: 'department', dx: 'Department', whenEmpty: 'remove' }, Region: { looker: 'region', whenEmpty: 'keep' } },
      },
    });
  });

  test('names every problem by its key path', () => {
    const parsed = parseMapping({
      email: '',
      extra: 1,
      fields: {
        'Cost Centre': { looker: 'Cost Centre', whenEmpty: 'drop', colour: 'red' },
        A: { dx: ' Team' },
        B: {},
        C: { looker: 'dept' },
        D: { looker: 'dept', dx: 'team' },
        E: { dx: 'TEAM', transform: 'upper' },
        F: 'x',
      },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.kind).toBe('invalid_mapping');
    expect(parsed.error.issues.map((issue) => issue.path)).toEqual([
      'extra',
      'email',
      'fields["Cost Centre"].colour',
      'fields["Cost Centre"].looker',
      'fields["Cost Centre"].whenEmpty',
      'fields.A.dx',
      'fields.B',
      'fields.D.looker',
      'fields.E.dx',
      'fields.E.transform',
      'fields.F',
    ]);
    expect(parsed.error.message).toMatch(/^invalid mapping: extra .* \(and 10 more\)$/);
  });

  test('refuses what is not a mapping at all', () => {
    expect(parseMapping(null)).toMatchObject({ ok: false, error: { issues: [{ path: '' }] } });
    expect(parseMapping({ fields: {} })).toMatchObject({ ok: false, error: { issues: [{ path: 'fields' }] } });
  });

  test('keeps a transform function', () => {
    const transform = (value: string) => value.toUpperCase();
    const parsed = parseMapping({ fields: { Team: { dx: 'Team', transform } } });
    expect(parsed.ok && parsed.data.fields.Team?.transform).toBe(transform);
  });
});
