// One read of a file in a process of its own, as the command line reads it, and the growth of the
// resident set at its peak. CLI_INPUT_MODE: `stream` (openRecords, every record taken), `stdin` (the
// same file piped to standard input), `whole` (the reader before streaming: the CSV read and parsed
// at once), `snapshot` (readSnapshotFile, streamed) or `snapshot-whole` (read and JSON.parse'd at once).
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { openRecords } from '../../src/cli/input-stream.js';
import { readSnapshotFile } from '../../src/cli/snapshot-file.js';
import { validateSnapshot } from '../../src/sync/model/snapshot.js';

const MiB = 2 ** 20;
const path = process.env.CLI_INPUT_FILE as string;
const mode = process.env.CLI_INPUT_MODE;
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => void (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const none = Readable.from([]);

/** How many records (or digests) the file gave, read the mode's way. */
async function read(): Promise<number> {
  if (mode === 'snapshot' || mode === 'snapshot-whole') {
    const snapshot = mode === 'snapshot' ? await readSnapshotFile(path, none) : validateSnapshot(JSON.parse(await readFile(path, 'utf8')));
    if (!snapshot.ok) throw new Error(snapshot.error.message);
    return snapshot.data.digests.length;
  }
  if (mode === 'whole') return (parse(new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path)), { bom: true, columns: true }) as unknown[]).length;
  const opened = await openRecords(mode === 'stdin' ? '-' : path, mode === 'stdin' ? createReadStream(path) : none);
  if (!opened.ok) throw new Error(opened.error.message);
  let rows = 0;
  for await (const record of opened.data) if (record) rows++;
  await opened.close?.();
  return rows;
}

const rows = await read();
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.send?.({ rows, growthMiB: (peak - before) / MiB }, () => process.exit(0));
