// The command line's records file at scale: a CSV of `rows` rows read as the plan command reads it,
// streamed and whole, each in a process of its own; what each adds to the resident set.
import { fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { previousRecord } from './fixture.js';

/** What reading the file added to the process's resident set at its peak, per way of reading it. */
export interface CliInputResult {
  readonly rows: number;
  readonly fileMiB: number;
  readonly streamedMiB: number;
  readonly wholeMiB: number;
}

async function writeCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = (line: string) => {
    bytes += Buffer.byteLength(line);
    return out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
  await write('email,Department,Region,Level\n');
  for (let i = 0; i < rows; i++) {
    const { email, Department, Region, Level } = previousRecord(i) as Record<string, string>;
    await write(`${email},${Department},${Region},${Level}\n`);
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return bytes / 2 ** 20;
}

function readIn(path: string, mode: 'stream' | 'whole'): Promise<{ rows: number; growthMiB: number }> {
  const child = fork(fileURLToPath(new URL('./cli-input-child.ts', import.meta.url)), {
    env: { ...process.env, CLI_INPUT_FILE: path, CLI_INPUT_MODE: mode }, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message) => resolve(message as { rows: number; growthMiB: number }));
    child.once('exit', (code) => reject(new Error(`reading ${mode} exited with ${String(code)}`)));
  });
}

/** Reads a `rows`-row CSV both ways. */
export async function measureCliInput(rows: number): Promise<CliInputResult> {
  const path = fileURLToPath(new URL('./.cli-input.csv', import.meta.url));
  try {
    const fileMiB = await writeCsv(path, rows);
    const streamed = await readIn(path, 'stream');
    const whole = await readIn(path, 'whole');
    if (streamed.rows !== rows || whole.rows !== rows) throw new Error(`read ${streamed.rows} and ${whole.rows} of ${rows} rows`);
    return { rows, fileMiB, streamedMiB: streamed.growthMiB, wholeMiB: whole.growthMiB };
  } finally {
    await rm(path, { force: true });
  }
}
