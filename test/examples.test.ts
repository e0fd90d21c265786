// The per-service examples run as users run them (tsx, fresh process, no environment) against the
// built-in fake services.
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
])(
  '%s runs against the fake service and exits 0',
  async (file, expected) => {
    const { stdout } = await run(process.execPath, [tsx, file], { cwd: root, env: cleanEnv });
    expect(stdout).toMatch(expected);
  },
  30_000,
);
