// One read of a records file in a process of its own, as the command line reads it (CLI_INPUT_MODE:
// `stream`, through openRecords, or `whole`, through readRecords): the growth of its resident set.
import { Readable } from 'node:stream';
import { openRecords } from '../../src/cli/input-stream.js';
import { readRecords } from '../../src/cli/input.js';

const MiB = 2 ** 20;
const path = process.env.CLI_INPUT_FILE as string;
const before = process.memoryUsage().rss;
let peak = before;
const sampler = setInterval(() => void (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const none = Readable.from([]);
const opened = process.env.CLI_INPUT_MODE === 'stream' ? await openRecords(path, none) : await readRecords(path, none);
if (!opened.ok) throw new Error(opened.error.message);
let rows = 0;
for await (const record of opened.data) if (record) rows++;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.send?.({ rows, growthMiB: (peak - before) / MiB }, () => process.exit(0));
