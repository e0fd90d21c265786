// Plans and reports shaped as the sync library returns them, for the renderers and the exit codes.
import type { ApplyReport, SyncPlan } from '../../../src/cli/sync.js';
import { sealPlan } from '../../../src/sync/model/seal.js';

const attribute = (name: string) => ({ name, id: String(name.length), type: 'string', userCanEdit: false });

/** A plan with one of each kind of change, a warning and a problem. */
export const planWithChanges: SyncPlan = sealPlan({
  version: 2,
  id: '20250102T030405000Z-00000000002a',
  createdAt: '2025-01-02T03:04:05.000Z',
  incremental: false,
  services: {
    looker: { status: 'planned', baseUrl: 'https://acme.looker.test/api/4.0', attributes: [attribute('department'), attribute('region'), attribute('level')], userPages: 1, usersRead: 2 },
    dx: { status: 'planned', baseUrl: 'https://api.getdx.com', attributes: ['Department'], pages: 1, listedUsers: 2 },
  },
  users: [
    {
      email: 'jo@acme.test',
      looker: {
        userId: '7',
        changes: [
          { attribute: 'department', action: 'set', before: 'Sales', after: 'Marketing' },
          { attribute: 'region', action: 'remove', before: 'EMEA', fallback: { value: 'APAC', source: 'Sales' } },
          { attribute: 'level', action: 'unchanged' },
        ],
      },
      dx: { changes: [{ attribute: 'Department', action: 'set', before: null, after: 'Marketing' }] },
    },
    { email: 'al@acme.test', looker: { userId: '8', changes: [{ attribute: 'department', action: 'unchanged' }] } },
  ],
  problems: [{ email: 'nobody@acme.test', record: 2, service: 'looker', kind: 'user_not_found', message: 'no Looker user has the email nobody@acme.test' }],
  warnings: [
    { email: 'jo@acme.test', service: 'looker', attribute: 'region', kind: 'widens_access', message: 'without its own value the user falls back to "APAC"' },
    { service: 'looker', attribute: 'department', kind: 'user_editable', message: 'users can edit department themselves' },
  ],
  forecast: { looker: 2, dx: 1 },
  summary: { set: 2, remove: 1, unchanged: 2, problems: 1, records: 3, compared: 2, skippedUnchanged: 0 },
  settled: [],
});

/** A plan with nothing to write. */
export const planWithoutChanges: SyncPlan = sealPlan({
  ...planWithChanges,
  users: [],
  problems: [],
  warnings: [],
  forecast: { looker: 0, dx: 0 },
  summary: { set: 0, remove: 0, unchanged: 1, problems: 0, records: 1, compared: 1, skippedUnchanged: 0 },
});

/** The report of an apply in which every change of `planWithChanges` was applied. */
export const completeReport: ApplyReport = {
  planId: planWithChanges.id,
  dryRun: false,
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
  callsUsed: { looker: 2, dx: 1 },
  retries: { looker: 0, dx: 0 },
  aborted: false,
  stopped: false,
  resumed: 0,
  stale: false,
};

/** One change failed, one conflicted. */
export const incompleteReport: ApplyReport = {
  ...completeReport,
  applied: 1,
  failed: 1,
  conflict: 1,
  outcomes: [
    { email: 'jo@acme.test', service: 'looker', attribute: 'department', outcome: 'applied' },
    { email: 'jo@acme.test', service: 'looker', attribute: 'region', outcome: 'conflict', reason: 'changed_since_plan' },
    { email: 'jo@acme.test', service: 'dx', attribute: 'Department', outcome: 'failed', error: { kind: 'server', message: 'DX answered 503', status: 503 } },
  ],
};

/** Stopped by Ctrl-C after one change; the other two were never reached. */
export const stoppedReport: ApplyReport = {
  ...completeReport,
  applied: 1,
  skipped: 2,
  stopped: true,
  outcomes: [
    { email: 'jo@acme.test', service: 'looker', attribute: 'department', outcome: 'applied' },
    { email: 'jo@acme.test', service: 'looker', attribute: 'region', outcome: 'skipped', reason: 'stopped' },
    { email: 'jo@acme.test', service: 'dx', attribute: 'Department', outcome: 'skipped', reason: 'stopped' },
  ],
};
