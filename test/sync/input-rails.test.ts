// What the plan refuses in the input itself: text that is not an address, mapped fields the input
// does not have, and a plan that would compare nothing.
import { expect, test } from 'vitest';
import { mapping, syncOf } from '../support/sync/fixtures.js';
import { createMemoryWorld } from '../support/sync/memory-world.js';

const dxOnly = () => mapping({ email: 'Work Email', fields: { Department: { dx: 'Department' } } });

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
