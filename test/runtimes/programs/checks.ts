// What each runtime runs against the fake Looker and DX, importing the installed package's /looker,
// /dx and /sync: a login, a user value set and read back, a DX update whose first try meets a 429
// with Retry-After, a typed 404, a timeout on a stalled reply, a sync planned and applied with a
// memory journal, then resumed from a journal file, whose lock refuses a journal another run holds.
// Each check's outcome is reported, not printed: the harness asserts the summary.
import { createDxClient, type RetryEvent } from 'user-attributes-sdk/dx';
import { createLookerClient } from 'user-attributes-sdk/looker';
import { createFileJournal, createMemoryJournal, createSync, parseMapping, type SyncPlan } from 'user-attributes-sdk/sync';

/** What the harness hands the program: the fake's URL, credentials and the ids it seeded. */
export interface CheckConfig {
  readonly baseUrl: string;
  readonly looker: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly userId: string;
    readonly userAttributeId: string;
    /** A user id the fake does not know. */
    readonly missingUserId: string;
  };
  readonly dx: { readonly token: string; readonly email: string };
  /** HR records for the sync: `email` and `Department`, mapped to Looker's `department` and DX's `Department`. */
  readonly records: readonly Record<string, string>[];
  /** Where the sync's journal file goes, and whether the runtime has a file system for it (Workers have none). */
  readonly journal: { readonly path: string; readonly fileSystem: boolean };
}

/** One check: passed, or what went wrong. */
export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly problem?: string;
}

/** What the program reports. */
export interface CheckSummary {
  /** `navigator.userAgent`: which runtime ran the checks (`Bun/1.4.5`, `Deno/2.9.6`, `Cloudflare-Workers`). */
  readonly runtime: string;
  readonly checks: readonly CheckResult[];
}

/** Undefined when `actual` is `expected` (compared as JSON), else a line saying how it differs. */
const differs = (what: string, actual: unknown, expected: unknown) =>
  JSON.stringify(actual) === JSON.stringify(expected) ? undefined : `${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;

const failed = (error: { kind: string; message: string }) => `${error.kind}: ${error.message}`;

/** Runs every check, in order (the harness's faults expect it). */
export async function runChecks(config: CheckConfig): Promise<CheckSummary> {
  const checks: CheckResult[] = [];
  const check = async (name: string, body: () => Promise<string | undefined>) => {
    try {
      const problem = await body();
      checks.push(problem === undefined ? { name, ok: true } : { name, ok: false, problem });
    } catch (error) {
      checks.push({ name, ok: false, problem: `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}` });
    }
  };
  const { baseUrl } = config;
  const { clientId, clientSecret, userId, userAttributeId, missingUserId } = config.looker;
  const looker = createLookerClient({ baseUrl, credentials: { clientId, clientSecret } });

  await check('looker login', async () => {
    const result = await looker.login();
    return result.ok ? (result.data.expiresInSeconds > 0 ? undefined : `expiresInSeconds ${result.data.expiresInSeconds}`) : failed(result.error);
  });
  await check('looker sets a user value', async () => {
    const result = await looker.setUserAttributeUserValue({ userId, userAttributeId, value: 'EMEA' });
    return result.ok ? differs('value', [result.data.value, result.data.source], ['EMEA', 'User Setting']) : failed(result.error);
  });
  await check('looker reads it back', async () => {
    const result = await looker.userAttributeUserValues({ userId, userAttributeIds: [userAttributeId] });
    if (!result.ok) return failed(result.error);
    return differs('values', result.data.map((value) => [String(value.user_attribute_id), value.value]), [[userAttributeId, 'EMEA']]);
  });
  await check('looker answers 404 as a typed not_found', async () => {
    const result = await looker.setUserAttributeUserValue({ userId: missingUserId, userAttributeId, value: 'EMEA' });
    if (result.ok) return 'the write succeeded';
    return result.error.kind === 'not_found' ? differs('status', result.error.status, 404) : failed(result.error);
  });
  await check('looker times out on a stalled reply', async () => {
    const result = await looker.allUserAttributes(undefined, { timeoutMs: 300 });
    return result.ok ? 'the read succeeded' : differs('error kind', result.error.kind, 'timeout');
  });

  const retries: RetryEvent[] = [];
  const dx = createDxClient({ baseUrl, token: config.dx.token, retry: { onRetry: (event) => retries.push(event) } });
  await check('dx update retried after a 429 with Retry-After', async () => {
    const result = await dx.updateUserAttributes({ email: config.dx.email, attributes: { Region: 'EMEA' } });
    if (!result.ok) return failed(result.error);
    const region = result.data.user.attributes.find((attribute) => attribute.name === 'Region')?.value;
    const waits = retries.map(({ attempt, delayMs, reason, status }) => ({ attempt, delayMs, reason, status }));
    return differs('Region', region, 'EMEA') ?? differs('retries', waits, [{ attempt: 1, delayMs: 1000, reason: 'rate_limited', status: 429 }]);
  });

  // The sync's lanes pace and retry its calls, so its clients don't.
  const mapping = parseMapping({ email: 'email', fields: { Department: { looker: 'department', dx: 'Department' } }, dx: { newAttributes: ['Department'] } });
  if (!mapping.ok) throw new Error(mapping.error.message);
  const sync = createSync({
    looker: createLookerClient({ baseUrl, credentials: { clientId, clientSecret }, retry: false }),
    dx: createDxClient({ baseUrl, token: config.dx.token, retry: false }),
    mapping: mapping.data,
  });
  const journal = createMemoryJournal();
  const writes = config.records.length * 2;
  let appliedPlan: SyncPlan | undefined;
  await check('sync plans, applies with a memory journal, and plans no change after', async () => {
    const plan = await sync.plan(config.records);
    if (!plan.ok) return failed(plan.error);
    appliedPlan = plan.data;
    // Looker: a write per record, one read of their ids and the login; DX: a write per record.
    const forecast = { looker: config.records.length + 1 + 1, dx: config.records.length };
    const planned = differs('planned', [plan.data.summary.set, plan.data.forecast], [writes, forecast]);
    if (planned) return planned;
    const report = await sync.apply(plan.data, { dryRun: false, journal });
    if (!report.ok) return failed(report.error);
    const { applied, failed: failures, conflict, skipped } = report.data;
    const outcomes = (await journal.read()).filter((line) => line.type === 'outcome' && line.outcome === 'applied').length;
    const done = differs('apply', { applied, failures, conflict, skipped, outcomes }, { applied: writes, failures: 0, conflict: 0, skipped: 0, outcomes: writes });
    if (done) return done;
    const again = await sync.plan(config.records);
    return again.ok ? differs('second plan', [again.data.summary.set, again.data.summary.unchanged], [0, writes]) : failed(again.error);
  });
  await check('sync resumes from a journal file, or refuses its path where there is no file system', async () => {
    if (!appliedPlan) return 'nothing was applied';
    const { path, fileSystem } = config.journal;
    if (!fileSystem) {
      const refused = await sync.apply(appliedPlan, { dryRun: false, journal: path });
      if (refused.ok) return 'the journal path was taken';
      const { kind, message } = refused.error;
      return kind === 'journal_failed' && /no file system/.test(message) ? undefined : failed(refused.error);
    }
    // The memory journal's lines, written to a file: a resume from it finds everything done. Twice:
    // the first resume released the journal's lock.
    const file = createFileJournal(path);
    await file.append(await journal.read());
    await file.close?.();
    for (const run of ['resume', 'second resume']) {
      const resumed = await sync.apply(appliedPlan, { dryRun: false, journal: path });
      if (!resumed.ok) return failed(resumed.error);
      const { resumed: count, applied: done, callsUsed } = resumed.data;
      const problem = differs(run, { count, done, callsUsed }, { count: writes, done: writes, callsUsed: { looker: 0, dx: 0 } });
      if (problem) return problem;
    }
    return undefined;
  });
  await check('sync refuses a journal file whose lock another run holds, naming it', async () => {
    if (!appliedPlan) return 'nothing was applied';
    const { path, fileSystem } = config.journal;
    if (!fileSystem) return undefined;
    // A run on another host holds it: its lock is never taken over.
    const holder = { pid: 4242, host: 'cron-box-2', startedAt: '2026-01-01T00:00:00.000Z' };
    const files = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule?.('node:fs/promises') as
      { writeFile(path: string, text: string): Promise<void> } | undefined;
    if (!files) return 'node:fs/promises is missing';
    const held = `${path}.held.ndjson`;
    await files.writeFile(`${held}.lock`, JSON.stringify(holder));
    const refused = await sync.apply(appliedPlan, { dryRun: false, journal: held });
    if (refused.ok) return 'the held journal was taken';
    return differs('refusal', [refused.error.kind, (refused.error as { holder?: unknown }).holder], ['journal_locked', holder]);
  });
  return { runtime: navigator.userAgent, checks };
}
