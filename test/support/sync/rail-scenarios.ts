// Scenarios of what the sync refuses about the services themselves, written against `SyncWorld`
// so that they run in memory and over the kit's HTTP alike.
import { describe, expect, test } from 'vitest';
import { addAttributes, mapping, syncOf } from './fixtures.js';
import type { MakeWorld } from './world.js';

/** Defines the scenarios; `makeWorld` gives a fresh, empty pair of services for each test. */
export function railScenarios(makeWorld: MakeWorld) {
  describe('refused services', () => {
    test('a hidden Looker attribute in the mapping is refused as the attributes are resolved: no user is read, no value is in the error', async () => {
      const world = await makeWorld();
      addAttributes(world);
      const band = world.addAttribute({ name: 'salary_band', hidden: true });
      const jo = world.addLookerUser({ email: 'jo@acme.test' });
      world.setLookerValue(jo, band, 'B7-SECRET');
      const banded = mapping({ email: 'Work Email', fields: { Department: { looker: 'department' }, Band: { looker: 'salary_band' } } });
      const result = await syncOf(world, { mapping: banded }).plan([{ 'Work Email': 'jo@acme.test', Department: 'Sales', Band: 'B7-SECRET' }]);
      expect(result).toEqual({
        ok: false,
        error: {
          kind: 'hidden_attribute', service: 'looker', names: ['salary_band'],
          message: 'the Looker attribute salary_band hides its values: they cannot be read, so the sync cannot compare them, and it never carries '
            + 'hidden values in a plan. Remove it from the mapping (write a one-off value with the Looker client\'s setUserAttributeUserValue)',
        },
      });
      expect(world.calls('looker')).toEqual({ all_user_attributes: 1 });
    });
  });
}
