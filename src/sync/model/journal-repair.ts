// The end of a file journal that a crash cut short mid-line, repaired before the next append:
// otherwise the next line is glued to the fragment, and the journal can no longer be read.
import { openForAppend, type AppendOnlyFile } from '../files.js';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 4096;

/** Where the fragments of cut lines go: beside the journal, one per line, as they were. */
export const fragmentsPathOf = (journalPath: string) => `${journalPath}.fragments`;

/** `parts` joined into one array of bytes. */
function concat(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.length;
  }
  return joined;
}

/** The bytes after the file's last newline (all of it when there is none). */
async function lastLine(file: AppendOnlyFile, size: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let end = size; end > 0; end -= CHUNK_BYTES) {
    const start = Math.max(0, end - CHUNK_BYTES);
    const chunk = await file.read(start, end - start);
    const newline = chunk.lastIndexOf(NEWLINE);
    if (newline >= 0) return concat([chunk.subarray(newline + 1), ...parts]);
    parts.unshift(chunk);
  }
  return concat(parts);
}

/**
 * Makes the journal open in `file` (read and append) end with a newline. A last line that is
 * whole but for its newline (the reader counts it) gets one. A cut one is moved to
 * `fragmentsPathOf(path)` and cut off the journal: the reader ignores a fragment only at the end,
 * and refuses one in the middle as it refuses any other unreadable line.
 */
export async function repairCutEnd(file: AppendOnlyFile, path: string, isWholeLine: (text: string) => boolean): Promise<void> {
  const size = await file.size();
  if (size === 0) return;
  const tail = await lastLine(file, size);
  if (tail.length === 0) return;
  if (isWholeLine(new TextDecoder().decode(tail))) {
    await file.append('\n');
    return;
  }
  const fragments = await openForAppend(fragmentsPathOf(path));
  try {
    await fragments.append(concat([tail, new Uint8Array([NEWLINE])]));
  } finally {
    await fragments.close();
  }
  await file.truncate(size - tail.length);
}
