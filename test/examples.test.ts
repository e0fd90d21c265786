// The examples and the quickstart run as users run them (tsx, fresh process, no environment, no
// build) against the built-in fake services.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const tsx = `${root}node_modules/tsx/dist/cli.mjs`;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(LOOKER_|DX_)/.test(name)));

test.each([
  ['examples/looker.ts', /^user \d+ now resolves region to "EMEA" \(source: User Setting\)$/m],
  ['examples/dx.ts', /^ana@example\.com now has Department=Engineering$/m],
  // What `npm start` runs: the SDK tour, then the command line's plan, apply and plan again.
  ['examples/quickstart.ts', /^ {2}\$ user-attributes-sdk apply .*\n(?:.*\n)*? {4}Apply complete: 6 of 6 applied.*\n {2}\(exit 0\)\n {2}\$ user-attributes-sdk plan .*\n {4}No changes\..*\n {2}\(exit 0\)$/m],
])(
  '%s runs against the fake service and exits 0',
  async (file, expected) => {
    const { stdout } = await run(process.execPath, [tsx, file], { cwd: root, env: cleanEnv });
    expect(stdout).toMatch(expected);
  },
  30_000,
);
