// Plans and reports shaped as the sync library returns them, for the renderers and the commands.
import type { ApplyReport, SyncPlan } from '../../src/cli/sync-api.js';

/** A plan with one of each kind of change, a warning and a problem. */
export const planWithChanges: SyncPlan = {
  version: 1,
  createdAt: '2025-01-02T03:04:05.000Z',
  services: { looker: {}, dx: {} },
  users: [
    {
      email: 'jo@acme.test',
      looker: {
        userId: '7',
        changes: [
          { attribute: 'department', action: 'set', before: 'Sales', after: 'Marketing' },
          { attribute: 'region', action: 'remove', before: 'EMEA', fallback: { value: 'APAC', source: 'group Sales' } },
          { attribute: 'level', action: 'unchanged' },
          { attribute: 'salary_band', action: 'cannot_verify' },
        ],
      },
      dx: { changes: [{ attribute: 'Department', action: 'set', before: null, after: 'Marketing' }] },
    },
    { email: 'al@acme.test', looker: { userId: '8', changes: [{ attribute: 'department', action: 'unchanged' }] } },
  ],
  problems: [{ email: 'nobody@acme.test', record: 3, service: 'looker', kind: 'no_match', message: 'no Looker user has this email' }],
  warnings: [{ email: 'jo@acme.test', service: 'looker', attribute: 'department', kind: 'user_editable', message: 'users can edit this attribute themselves' }],
  forecast: { looker: 3, dx: 1 },
  summary: { set: 2, remove: 1, unchanged: 2, cannotVerify: 1, problems: 1 },
};

/** A plan with nothing to write. */
export const planWithoutChanges: SyncPlan = {
  ...planWithChanges,
  users: [{ email: 'al@acme.test', looker: { userId: '8', changes: [{ attribute: 'department', action: 'unchanged' }] } }],
  problems: [],
  warnings: [],
  forecast: { looker: 0, dx: 0 },
  summary: { set: 0, remove: 0, unchanged: 1, cannotVerify: 0, problems: 0 },
};

/** The report of an apply in which every change of `planWithChanges` was applied. */
export const completeReport: ApplyReport = {
  planned: 3,
  applied: 3,
  failed: 0,
  conflict: 0,
  skipped: 0,
  outcomes: [
    { email: 'jo@acme.test', service: 'looker', attribute: 'department', outcome: 'applied' },
    { email: 'jo@acme.test', service: 'looker', attribute: 'region', outcome: 'applied' },
    { email: 'jo@acme.test', service: 'dx', attribute: 'Department', outcome: 'applied' },
  ],
  callsUsed: { looker: 3, dx: 1 },
  aborted: false,
  resumed: 0,
};

/** One change failed, one conflicted. */
export const incompleteReport: ApplyReport = {
  ...completeReport,
  applied: 1,
  failed: 1,
  conflict: 1,
  outcomes: [
    { email: 'jo@acme.test', service: 'looker', attribute: 'department', outcome: 'applied' },
    { email: 'jo@acme.test', service: 'looker', attribute: 'region', outcome: 'conflict', error: { kind: 'conflict', message: 'changed since the plan' } },
    { email: 'jo@acme.test', service: 'dx', attribute: 'Department', outcome: 'failed', error: { kind: 'server_error', message: 'DX answered 503' } },
  ],
};
