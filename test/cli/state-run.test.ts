// The month's calls as plan, apply and history print them, and the tighter of two call caps.
import { expect, test } from 'vitest';
import { ledgerNotice, tighterCaps } from '../../src/cli/state-run.js';
import { emptyState } from '../../src/sync/model/state.js';

const now = Date.parse('2026-01-20T02:00:00Z');
const state = {
  ...emptyState({ desiredState: 'mapping.json', services: { looker: 'https://acme.looker.test', dx: null } }),
  ledger: { '2025-12': { looker: 9_000, dx: 0 }, '2026-01': { looker: 3_412, dx: 0 } },
  monthlyBudget: { looker: 10_000 },
};

test('"Looker: 3,412 of 10,000 calls used this month; this run: 126", and the event', () => {
  expect(ledgerNotice(state, now, { looker: 126, dx: 0 })).toEqual({
    text: 'Looker: 3,412 of 10,000 calls used this month; this run: 126',
    event: { type: 'ledger', month: '2026-01', looker: { used: 3_412, budget: 10_000, thisRun: 126 } },
  });
  // plan adds what its apply may spend; a service used this month shows even when skipped now; no budget, no "of".
  const both = { ...state, ledger: { '2026-01': { looker: 3_412, dx: 40 } }, monthlyBudget: {} };
  expect(ledgerNotice(both, now, { looker: 126, dx: 0 }, { looker: 40, dx: 2 }).text).toBe(
    'Looker: 3,412 calls used this month; this run: 126; its apply: at most 40\nDX: 40 calls used this month; this run: 0; its apply: at most 2',
  );
});

test('the tighter of --max-calls and what is left of the month', () => {
  expect(tighterCaps({ looker: 50 }, { looker: 20, dx: 7 })).toEqual({ looker: 20, dx: 7 });
  expect(tighterCaps({ looker: 5, dx: 9 }, {})).toEqual({ looker: 5, dx: 9 });
  expect(tighterCaps(undefined, undefined)).toEqual({});
});
