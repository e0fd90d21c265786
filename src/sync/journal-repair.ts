// The end of a file journal that a crash cut short mid-line, repaired before the next append:
// otherwise the next line is glued to the fragment, and the journal can no longer be read.
import { open, type FileHandle } from 'node:fs/promises';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 4096;

/** Where the fragments of cut lines go: beside the journal, one per line, as they were. */
export const fragmentsPathOf = (journalPath: string) => `${journalPath}.fragments`;

/** The bytes after the file's last newline (all of it when there is none). */
async function lastLine(file: FileHandle, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let end = size; end > 0; end -= CHUNK_BYTES) {
    const start = Math.max(0, end - CHUNK_BYTES);
    const chunk = Buffer.alloc(end - start);
    await file.read(chunk, 0, chunk.length, start);
    const newline = chunk.lastIndexOf(NEWLINE);
    if (newline >= 0) return Buffer.concat([chunk.subarray(newline + 1), ...parts]);
    parts.unshift(chunk);
  }
  return Buffer.concat(parts);
}

/**
 * Makes the journal open in `file` (read and append) end with a newline. A last line that is
 * whole but for its newline (the reader counts it) gets one. A cut one is moved to
 * `fragmentsPathOf(path)` and cut off the journal: the reader ignores a fragment only at the end,
 * and refuses one in the middle as it refuses any other unreadable line.
 */
export async function repairCutEnd(file: FileHandle, path: string, isWholeLine: (text: string) => boolean): Promise<void> {
  const { size } = await file.stat();
  if (size === 0) return;
  const tail = await lastLine(file, size);
  if (tail.length === 0) return;
  if (isWholeLine(tail.toString('utf8'))) {
    await file.write('\n');
  } else {
    const fragments = await open(fragmentsPathOf(path), 'a');
    try {
      await fragments.write(Buffer.concat([tail, Buffer.from('\n')]));
      await fragments.datasync();
    } finally {
      await fragments.close();
    }
    await file.truncate(size - tail.length);
  }
  await file.datasync();
}
