import { describe, expect, test } from 'vitest';
import { parseMapping } from '../../../src/sync/model/mapping.js';

const fields = { Region: { looker: 'region' } };

describe('the desired state under looker', () => {
  test('a mapping without it is as before, and one with it keeps what it declares', () => {
    const looker = {
      attributes: { region: { type: 'string', label: 'Region', default: 'EMEA', userCanView: true, userCanEdit: false }, old_code: { delete: true } },
      groupValues: { region: [{ group: 'Sales', value: 'EMEA' }, { group: 'Support', value: 'APAC' }] },
    };
    const parsed = parseMapping({ fields, looker });
    expect(parsed.ok && parsed.data.looker).toEqual(looker);
    const plain = parseMapping({ fields });
    expect(plain.ok && 'looker' in plain.data).toBe(false);
  });

  test('names every wrong key, type or value by its path, all at once', () => {
    const parsed = parseMapping({
      fields: { Code: { looker: 'old_code' } },
      looker: {
        extra: 1,
        attributes: {
          Region: {},
          region: { type: 'text', label: ' ', default: 3, hidden: 'no', colour: 'red' },
          score: { type: 'number', default: 'high' },
          secret: { hidden: true, userCanView: true },
          open: { hiddenValueDomains: ['a.com'] },
          edit: { userCanEdit: true, userCanView: false },
          old_code: { delete: true },
          gone: { delete: true, label: 'Gone' },
          never: { delete: false },
          bad: 'x',
        },
        groupValues: {
          score: [{ group: 'Sales', value: 'x' }],
          gone: [],
          region: [{ group: 'Sales', value: 'a', rank: 1 }, { group: 'Sales', value: 1 }, { group: '', value: 'c', rank: 1, colour: 1 }, 'x'],
          team: { group: 'Sales' },
        },
      },
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.issues.map((issue) => issue.path)).toEqual([
      'looker.extra',
      'looker.attributes.Region',
      'looker.attributes.region.colour',
      'looker.attributes.region.type',
      'looker.attributes.region.label',
      'looker.attributes.region.default',
      'looker.attributes.region.hidden',
      'looker.attributes.score.default',
      'looker.attributes.secret.hiddenValueDomains',
      'looker.attributes.secret.hidden',
      'looker.attributes.open.hidden',
      'looker.attributes.edit.userCanEdit',
      'looker.attributes.gone',
      'looker.attributes.never.delete',
      'looker.attributes.bad',
      'looker.groupValues.region[1].group',
      'looker.groupValues.region[1].value',
      'looker.groupValues.region[2].colour',
      'looker.groupValues.region[2].group',
      'looker.groupValues.region[2].rank',
      'looker.groupValues.region[3]',
      'looker.groupValues.region',
      'looker.groupValues.team',
      'looker.attributes.old_code',
      'looker.groupValues.gone',
      'looker.groupValues.score[0].value',
    ]);
    expect(parsed.error.issues.find((i) => i.path === 'looker.groupValues.region')?.problem).toBe('must give a rank to every item or to none (2 of 4 have one)');
  });

  test('fields may be left out when looker declares attributes or group values; a bad looker key is still reported', () => {
    const parsed = parseMapping({ looker: { attributes: { region: { type: 'text' } } } });
    expect(!parsed.ok && parsed.error.issues.map((i) => i.path)).toEqual(['looker.attributes.region.type']);
    const layersOnly = parseMapping({ looker: { groupValues: { region: [{ group: 'Sales', value: 'EU' }] } } });
    expect(layersOnly.ok && layersOnly.data.fields).toEqual({});
  });

  test('without fields and without layers, fields are asked for, saying they may be left out for layers', () => {
    const parsed = parseMapping({ looker: { attributes: {} } });
    expect(!parsed.ok && parsed.error.issues).toEqual([
      { path: 'fields', problem: 'must be an object naming at least one record field (or leave it out and declare looker.attributes or looker.groupValues)' },
    ]);
  });
});
