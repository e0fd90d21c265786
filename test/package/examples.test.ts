// The examples and the quickstart run as users run them (tsx, fresh process, no environment, no
// build) against the built-in fake services.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { pinnedVersion } from '../support/runtimes/binaries.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const tsx = `${root}node_modules/tsx/dist/cli.mjs`;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(LOOKER_|DX_)/.test(name)));

test.each([
  ['examples/looker.ts', /^user \d+ now resolves region to "EMEA" \(source: User Setting\)$/m],
  ['examples/dx.ts', /^ana@example\.com now has Department=Engineering$/m],
  // What `npm start` runs: the SDK tour, then the command line's plan, apply and plan again.
  ['examples/quickstart.ts', /^ {2}\$ user-attributes-sdk apply .*\n(?:.*\n)*? {4}Apply complete: (\d+) of \1 applied.*\n {2}\(exit 0\)\n {2}\$ user-attributes-sdk plan .*\n(?: {4}.*\n)*? {4}No changes\..*\n {2}\(exit 0\)$/m],
])(
  '%s runs against the fake service and exits 0',
  async (file, expected) => {
    const { stdout } = await run(process.execPath, [tsx, file], { cwd: root, env: cleanEnv });
    expect(stdout).toMatch(expected);
  },
  30_000,
);

test('the README\'s Worker example is examples/worker.ts (type-checked by npm test, run in workerd by npm run test:runtimes)', async () => {
  const readme = await readFile(`${root}README.md`, 'utf8');
  const example = await readFile(`${root}examples/worker.ts`, 'utf8');
  const block = /A Worker \(\[`examples\/worker\.ts`\]\(examples\/worker\.ts\)\):\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  // The file's header comment aside.
  expect(block).toBe(example.replace(/^(\/\/.*\n)+/, ''));
});

test('the README names the versions the runtime checks run', async () => {
  const readme = await readFile(`${root}README.md`, 'utf8');
  for (const named of [`Bun ${pinnedVersion('bun')}`, `Deno ${pinnedVersion('deno')}`, `workerd ${pinnedVersion('workerd')}`]) expect(readme).toContain(named);
});
