// The apply journal: append-only NDJSON lines saying which change was attempted and how each
// ended, kept in a file or in memory, and read back so a resumed run redoes nothing done.
import { openForAppend, readTextFile, type AppendOnlyFile } from '../files.js';
import { repairCutEnd } from './journal-repair.js';
import type { SyncService } from './ports.js';

/** How a planned change ended. */
export type Outcome = 'applied' | 'failed' | 'conflict' | 'skipped';

/** A line written just before a call: if no outcome follows, the call's effect is unknown. */
export interface AttemptLine {
  readonly v: 1;
  readonly plan: string;
  readonly type: 'attempt';
  readonly service: SyncService;
  readonly email: string;
  readonly attributes: readonly string[];
  readonly at: string;
}

/** A line saying how one change ended. No value is ever written, only names and outcomes. */
export interface OutcomeLine {
  readonly v: 1;
  readonly plan: string;
  readonly type: 'outcome';
  readonly service: SyncService;
  readonly email: string;
  readonly attribute: string;
  readonly outcome: Outcome;
  /** Why it failed, was a conflict or was skipped. */
  readonly reason?: string;
  /** The error of a failed change. */
  readonly error?: { readonly kind: string; readonly message: string; readonly status?: number };
  readonly at: string;
}

/** One journal line. */
export type JournalLine = AttemptLine | OutcomeLine;

/** Where apply records its progress. `append` must not return before the lines are stored. */
export interface Journal {
  /** Every line stored so far, oldest first. */
  read(): Promise<readonly JournalLine[]>;
  /** Stores lines after the existing ones, in order. */
  append(lines: readonly JournalLine[]): Promise<void>;
  /** Frees what the journal holds (a file handle). */
  close?(): Promise<void>;
}

/** The key of one change in one service. */
export const changeKey = (service: SyncService, email: string, attribute: string) => `${service}\u0000${email}\u0000${attribute}`;

const isLine = (value: unknown): value is JournalLine => {
  const line = value as Partial<JournalLine> | null;
  return typeof line === 'object' && line !== null && line.v === 1 && typeof line.plan === 'string' && (line.type === 'attempt' || line.type === 'outcome');
};

/**
 * Parses NDJSON text. A last line cut short (the process died while writing it) is ignored: the
 * change it described is then simply not known to be done. Any other unreadable line is an error.
 */
export function parseJournal(text: string): JournalLine[] {
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  const parsed: JournalLine[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const last = i === lines.length - 1 && !complete;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      if (last) return;
      throw new Error(`journal line ${i + 1} is not JSON`);
    }
    if (!isLine(value)) {
      if (last) return;
      throw new Error(`journal line ${i + 1} is not a journal line`);
    }
    parsed.push(value);
  });
  return parsed;
}

/** A journal in memory. `lines` holds the NDJSON text line by line (for tests and inspection). */
export function createMemoryJournal(lines: string[] = []): Journal & { readonly lines: string[] } {
  return {
    lines,
    read: async () => parseJournal(lines.map((line) => `${line}\n`).join('')),
    append: async (entries) => {
      lines.push(...entries.map((entry) => JSON.stringify(entry)));
    },
  };
}

const isWholeLine = (text: string) => {
  try {
    return isLine(JSON.parse(text));
  } catch {
    return false;
  }
};

/** Opens the file to append, after repairing an end that a crash cut short. */
async function openToAppend(path: string): Promise<AppendOnlyFile> {
  const file = await openForAppend(path);
  try {
    await repairCutEnd(file, path, isWholeLine);
  } catch (error) {
    await file.close();
    throw error;
  }
  return file;
}

/**
 * A journal in an NDJSON file, created when missing, only ever appended to, except that before
 * the first append a last line cut short by a crash is moved to `<path>.fragments` (a whole line
 * lacking only its newline gets one): the next line starts a line of its own. Files need Node, Bun,
 * Deno or workerd's file system: where there is none (Workers without Node.js compatibility),
 * reading it fails with an error saying so.
 */
export function createFileJournal(path: string): Journal {
  let file: Promise<AppendOnlyFile> | undefined;
  // Appends run one after another, so lines of concurrent changes never interleave.
  let queue: Promise<void> = Promise.resolve();
  return {
    read: async () => parseJournal((await readTextFile(path)) ?? ''),
    append(entries) {
      const text = entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
      const written = queue.then(async () => {
        file ??= openToAppend(path);
        await (await file).append(text);
      });
      queue = written.catch(() => {});
      return written;
    },
    async close() {
      await queue;
      if (file) await (await file).close();
      file = undefined;
    },
  };
}
