// Runs the command line in this process with a recorded io, against the real sync library and the
// kit's fake Looker and DX on a loopback port: the commands' checks, output and exit codes, with
// the requests the fake received to show what was sent.
import { EventEmitter } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { CliIo } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/run.js';
import { startFakeServer, type FakeServer } from '../../../src/testing/index.js';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import { passLoopbackThrough } from '../fake.js';
import { kitEnvironment } from './bin.js';

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
  /** Sees each chunk written to standard output as it is written (e.g. to press Ctrl-C). */
  readonly onStdout?: (text: string) => void;
}

/** Runs `argv`; stdout and stdin are terminals when `tty` is set. The clock moves 50 ms a reading. */
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
    stdout: {
      write: (text: string) => {
        stdout += text;
        setup.onStdout?.(text);
      },
      isTTY: setup.tty === true,
    },
    stderr: { write: (text: string) => (stderr += text), isTTY: setup.tty === true },
    now: () => (clock += 50),
    signals: setup.signals ?? new EventEmitter(),
    exit: (code) => void exits.push(code),
    ask: async (question, to) => {
      if (to === 'stderr') stderr += question;
      else stdout += question;
      return setup.answer ?? '';
    },
  };
  const code = await runCli(io);
  return { code, stdout, stderr, exits };
}

/** A fake Looker and DX served on loopback, credentials for them, and a folder for files. */
export interface World {
  readonly server: FakeServer;
  readonly fake: FakeServer['fake'];
  /** The variables the command line reads, pointing at the fake. */
  readonly env: Record<string, string>;
  /** The client secret and the DX token, to look for in every output. */
  readonly secrets: readonly string[];
  readonly dir: string;
  /** Writes `text` to `name` in the folder and resolves to its path. */
  file(name: string, text: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts a fresh world; `NO_COLOR` is set so text output compares as plain text. */
export async function startWorld(): Promise<World> {
  passLoopbackThrough();
  const server = await startFakeServer();
  const kit = kitEnvironment(server);
  const dir = await mkdtemp(join(tmpdir(), 'uas-cli-'));
  return {
    server,
    fake: server.fake,
    env: { NO_COLOR: '1', ...kit.env },
    secrets: kit.secrets,
    dir,
    async file(name, text) {
      const path = join(dir, name);
      await writeFile(path, text);
      return path;
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The JSON lines of an output. */
export const lines = (text: string): Record<string, unknown>[] =>
  text.trimEnd().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);

/** The mapping the command tests use. */
export const MAPPING = { email: 'Work Email', fields: { Department: { looker: 'department', dx: 'Department' }, Region: { looker: 'region' } }, dx: { newAttributes: ['Department'] } };
/** jo's record: a new department, and an empty region (which removes jo's own value). */
export const CSV = '\uFEFFWork Email,Department,Region\r\njo@acme.test,Marketing,\r\n';

/** What `useCommandWorld` gives each test. */
export interface CommandWorld {
  world: World;
  csv: string;
  mapping: string;
  ids: { department: string; region: string; jo: string };
  /** Runs the command line, recording the output for the check that no secret is in it. */
  run(...args: Parameters<typeof runInProcess>): Promise<Run>;
  /** Makes a plan of `CSV` saved at `out` (exit 0 expected), then resets the call meter. */
  planTo(out: string): Promise<string>;
}

/**
 * A fresh world for every test: Looker attributes department and region (default "World"), jo with
 * region "EMEA", jo in DX with Department "Sales", and the CSV and mapping files. After the last
 * test, no run's output held a secret.
 */
export function useCommandWorld(): CommandWorld {
  const runs: Run[] = [];
  const secrets: string[] = [];
  const context = {
    async run(...args: Parameters<typeof runInProcess>) {
      const result = await runInProcess(...args);
      runs.push(result);
      return result;
    },
    async planTo(out: string) {
      const planned = await context.run(['plan', '--input', context.csv, '--map', context.mapping, '--out', out], { env: context.world.env });
      expect(planned.code).toBe(0);
      context.world.fake.calls.reset();
      return out;
    },
  } as CommandWorld;
  beforeEach(async () => {
    const world = await startWorld();
    secrets.push(...world.secrets);
    const { looker, dx } = world.fake;
    const department = looker.addUserAttribute({ name: 'department', userCanEdit: false });
    const region = looker.addUserAttribute({ name: 'region', defaultValue: 'World', userCanEdit: false });
    const jo = looker.addUser({ email: 'jo@acme.test' });
    looker.setUserValue(jo.id, region.id, 'EMEA');
    dx.addUser({ email: 'jo@acme.test', attributes: { Department: 'Sales' } });
    Object.assign(context, {
      world,
      ids: { department: department.id, region: region.id, jo: jo.id },
      csv: await world.file('hr.csv', CSV),
      mapping: await world.file('mapping.json', JSON.stringify(MAPPING)),
    });
    world.fake.calls.reset();
  });
  afterEach(() => context.world.close());
  afterAll(() => {
    expect(runs.length).toBeGreaterThan(3);
    for (const { stdout, stderr } of runs) for (const secret of secrets) expect(stdout + stderr).not.toContain(secret);
  });
  return context;
}
