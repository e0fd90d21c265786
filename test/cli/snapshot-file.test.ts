// The --previous snapshot, read as it streams in: what apply --snapshot wrote comes back whole, from a
// file or standard input in any chunks; anything else is refused with the one message saying what
// --previous takes, and a file that is not one is refused at its first character.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { readSnapshotFile, writeSnapshotFile } from '../../src/cli/snapshot-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'uas-snapshot-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const none = Readable.from([]);
const notASnapshot = (name: string) => ({
  ok: false,
  error: {
    kind: 'invalid_snapshot_file',
    message: `${name} is not a record snapshot: --previous takes the file that apply --snapshot FILE writes, not the last run's input. `
      + 'Apply a plan with --snapshot FILE once, then plan with --previous FILE',
  },
});

test('what apply --snapshot wrote reads back the same, from a file and from standard input in small chunks', async () => {
  const digests = Array.from({ length: 200_000 }, (_, i) => (i * 2_654_435_761) % Number.MAX_SAFE_INTEGER);
  digests.push(Number.MAX_SAFE_INTEGER, 0);
  const path = join(dir, 'last.json');
  expect(await writeSnapshotFile(path, { version: 1, digests })).toEqual({ ok: true, data: undefined });
  expect(await readSnapshotFile(path, none)).toEqual({ ok: true, data: { version: 1, digests } });
  const bytes = Buffer.from(JSON.stringify({ version: 1, digests: digests.slice(0, 1000) }));
  const chunks = Array.from({ length: Math.ceil(bytes.length / 5) }, (_, i) => bytes.subarray(i * 5, i * 5 + 5));
  expect(await readSnapshotFile('-', Readable.from(chunks))).toEqual({ ok: true, data: { version: 1, digests: digests.slice(0, 1000) } });
});

test.each([
  ['\uFEFF{ "digests": [3, 1, 2],\n  "version": 1 }\n', [3, 1, 2]],
  ['{"version": 1, "digests": []}', []],
  ['{"version": 1, "digests": [7], "written": "2026-12-05"}', [7]],
])('a snapshot %j: its digests, in order', async (text, digests) => {
  const path = join(dir, 'snapshot.json');
  await writeFile(path, text);
  expect(await readSnapshotFile(path, none)).toEqual({ ok: true, data: { version: 1, digests } });
});

test.each([
  'email,Region\njo@acme.test,EMEA\n',
  '[{"email": "jo@acme.test"}]',
  '{"email": "jo@acme.test"}\n{"email": "al@acme.test"}\n',
  '{"version": 2, "digests": [1]}',
  '{"version": 1}',
  '{"digests": [1]}',
  '{"version": 1, "digests": [1, -2]}',
  '{"version": 1, "digests": [1.5]}',
  '{"version": 1, "digests": [9007199254740993]}',
  '{"version": 1, "digests": ["1"]}',
  '{"version": 1, "digests": [[1]]}',
  '{"version": 1, "digests": {"a": 1}}',
  '{"version": 1, "digests": [1]} {}',
  '{"version": 1, "digests": [1',
  '{"version": 1, "digests": [1,]}',
  '',
  '  \n',
])('%j is not a snapshot', async (text) => {
  const path = join(dir, 'not.json');
  await writeFile(path, text);
  expect(await readSnapshotFile(path, none)).toEqual(notASnapshot(path));
  expect(await readSnapshotFile('-', Readable.from([text]))).toEqual(notASnapshot('standard input'));
});

test('a file that cannot be read says why', async () => {
  const missing = join(dir, 'nope.json');
  expect(await readSnapshotFile(missing, none)).toEqual({ ok: false, error: { kind: 'invalid_snapshot_file', message: `cannot read ${missing}: no such file` } });
  const latin1 = join(dir, 'latin1.json');
  await writeFile(latin1, Buffer.from([0x7b, 0x22, 0xfc, 0x22]));
  expect(await readSnapshotFile(latin1, none)).toEqual({
    ok: false,
    error: { kind: 'invalid_snapshot_file', message: `${latin1} is not UTF-8 text (save it as "CSV UTF-8")` },
  });
});
