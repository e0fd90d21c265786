// The command line's files at scale: a records file of `rows` rows (CSV, JSON array, NDJSON, and the
// CSV piped to standard input) read as the plan command reads it, the CSV also read whole as before
// streaming; and the --previous snapshot of as many records, streamed and read whole. Each read runs
// in a process of its own; the figure is what it added to the resident set at its peak.
import { fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { previousRecord } from './fixture.js';

/** A file's size and what reading it added to the resident set at the peak, per way of reading it. */
export interface CliInputResult {
  readonly rows: number;
  readonly fileMiB: number;
  /** The CSV, streamed. */
  readonly streamedMiB: number;
  /** The CSV, read whole (the reader before streaming). */
  readonly wholeMiB: number;
  /** The same records as a JSON array, as NDJSON, and the CSV piped to standard input: streamed. */
  readonly json?: { readonly fileMiB: number; readonly streamedMiB: number };
  readonly ndjson?: { readonly fileMiB: number; readonly streamedMiB: number };
  readonly stdinMiB?: number;
  /** The --previous snapshot of `rows` records: streamed, and read whole (as before). */
  readonly snapshot?: { readonly fileMiB: number; readonly streamedMiB: number; readonly wholeMiB: number };
}

type Mode = 'stream' | 'stdin' | 'whole' | 'snapshot' | 'snapshot-whole';

async function writeFileOf(path: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  for (const line of lines) {
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return bytes / 2 ** 20;
}

function* csvLines(rows: number) {
  yield 'email,Department,Region,Level\n';
  for (let i = 0; i < rows; i++) {
    const { email, Department, Region, Level } = previousRecord(i) as Record<string, string>;
    yield `${email},${Department},${Region},${Level}\n`;
  }
}

function* jsonLines(rows: number, array: boolean) {
  if (array) yield '[\n';
  for (let i = 0; i < rows; i++) yield `${JSON.stringify(previousRecord(i))}${array && i < rows - 1 ? ',' : ''}\n`;
  if (array) yield ']\n';
}

function* snapshotLines(rows: number) {
  yield '{"version":1,"digests":[';
  // Digests as the sync makes them: 53-bit numbers, spread over their range.
  for (let i = 0; i < rows; i++) yield `${i === 0 ? '' : ','}${(i * 2_654_435_761 + 12_345) % Number.MAX_SAFE_INTEGER}`;
  yield ']}\n';
}

async function readIn(path: string, mode: Mode, rows: number): Promise<number> {
  const child = fork(fileURLToPath(new URL('./cli-input-child.ts', import.meta.url)), {
    env: { ...process.env, CLI_INPUT_FILE: path, CLI_INPUT_MODE: mode }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const read = await new Promise<{ rows: number; growthMiB: number }>((resolve, reject) => {
    child.once('message', (message) => resolve(message as { rows: number; growthMiB: number }));
    child.once('exit', (code) => reject(new Error(`reading ${mode} exited with ${String(code)}`)));
  });
  if (read.rows !== rows) throw new Error(`read ${read.rows} of ${rows} rows (${mode})`);
  return read.growthMiB;
}

/** Reads `rows` records every way the command line does (and the CSV and the snapshot as before). */
export async function measureCliInput(rows: number): Promise<CliInputResult> {
  const file = (name: string) => fileURLToPath(new URL(`./.cli-input.${name}`, import.meta.url));
  const [csv, json, ndjson, snapshot] = [file('csv'), file('json'), file('ndjson'), file('snapshot.json')];
  try {
    const fileMiB = await writeFileOf(csv, csvLines(rows));
    const streamedMiB = await readIn(csv, 'stream', rows);
    const wholeMiB = await readIn(csv, 'whole', rows);
    const stdinMiB = await readIn(csv, 'stdin', rows);
    const jsonMiB = await writeFileOf(json, jsonLines(rows, true));
    const ndjsonMiB = await writeFileOf(ndjson, jsonLines(rows, false));
    const snapshotMiB = await writeFileOf(snapshot, snapshotLines(rows));
    return {
      rows, fileMiB, streamedMiB, wholeMiB, stdinMiB,
      json: { fileMiB: jsonMiB, streamedMiB: await readIn(json, 'stream', rows) },
      ndjson: { fileMiB: ndjsonMiB, streamedMiB: await readIn(ndjson, 'stream', rows) },
      snapshot: { fileMiB: snapshotMiB, streamedMiB: await readIn(snapshot, 'snapshot', rows), wholeMiB: await readIn(snapshot, 'snapshot-whole', rows) },
    };
  } finally {
    await Promise.all([csv, json, ndjson, snapshot].map((path) => rm(path, { force: true })));
  }
}
