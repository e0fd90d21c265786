// Runs the command line in this process: a recorded io, and a stand-in for the sync library that
// returns contract-shaped results, so the commands' own work (checks, output, exit codes) is tested.
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import type { ApplyOptions, ApplyReport, PlanOptions, Sync, SyncApi, SyncError, SyncPlan, SyncRecord, SyncResult } from '../../src/cli/sync-api.js';

/** What a run printed and returned. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly exits: number[];
}

/** Settings of one in-process run. */
export interface RunSetup {
  readonly env?: Record<string, string>;
  readonly stdin?: string;
  readonly tty?: boolean;
  readonly answer?: string;
  readonly signals?: EventEmitter;
  readonly library?: SyncApi | undefined;
}

/** Runs `argv`; stdout and stdin are terminals when `tty` is set. */
export async function runInProcess(argv: string[], setup: RunSetup = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const exits: number[] = [];
  const stdin = Object.assign(Readable.from(setup.stdin === undefined ? [] : [setup.stdin]), { isTTY: setup.tty === true });
  let clock = 0;
  const io: CliIo = {
    argv,
    env: setup.env ?? {},
    stdin,
    stdout: { write: (text: string) => (stdout += text), isTTY: setup.tty === true },
    stderr: { write: (text: string) => (stderr += text), isTTY: setup.tty === true },
    now: () => (clock += 50),
    signals: setup.signals ?? new EventEmitter(),
    exit: (code) => void exits.push(code),
    ask: async (question) => {
      stdout += question;
      return setup.answer ?? '';
    },
  };
  const code = await runCli(io, async () => ('library' in setup ? setup.library : undefined));
  return { code, stdout, stderr, exits };
}

/** What the stand-in was asked. */
export interface LibraryCalls {
  created: { looker?: object; dx?: object; mapping: unknown }[];
  plans: { records: SyncRecord[]; options: PlanOptions | undefined }[];
  applies: { plan: SyncPlan; options: ApplyOptions | undefined }[];
}

/**
 * A stand-in for the sync library. Its parseMapping accepts `{ fields: {...} }` and otherwise names
 * the key; plan and apply return what the test gives (a function may also report progress).
 */
export function standIn(results: {
  plan?: (options: PlanOptions | undefined) => Promise<SyncResult<SyncPlan, SyncError>>;
  apply?: (options: ApplyOptions | undefined) => Promise<SyncResult<ApplyReport, SyncError>>;
}): { library: SyncApi; calls: LibraryCalls } {
  const calls: LibraryCalls = { created: [], plans: [], applies: [] };
  const library: SyncApi = {
    parseMapping(value) {
      const fields = (value as { fields?: unknown } | null)?.fields;
      if (typeof fields === 'object' && fields !== null) return { ok: true, data: value as { fields: Record<string, unknown> } };
      return { ok: false, error: { kind: 'invalid_mapping', message: 'the mapping is not valid', issues: [{ path: 'fields', problem: 'is required' }] } };
    },
    createSync(options): Sync {
      calls.created.push(options);
      return {
        async plan(records, options) {
          const list: SyncRecord[] = [];
          for await (const record of records) list.push(record);
          calls.plans.push({ records: list, options });
          if (!results.plan) throw new Error('no plan result given');
          return results.plan(options);
        },
        async apply(plan, options) {
          calls.applies.push({ plan, options });
          if (!results.apply) throw new Error('no apply result given');
          return results.apply(options);
        },
      };
    },
  };
  return { library, calls };
}
