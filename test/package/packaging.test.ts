// Packs the package as npm would publish it, installs the tarball (../support/packed.ts) for
// throw-away consumer projects (ESM, CommonJS, TypeScript with node16 and bundler resolution) and
// runs each against the fake server. The consumers have no msw: importing /looker or /dx must not need it.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startFakeServer, type FakeServer } from '../../src/testing/index.js';
import { consumers } from '../support/package-consumers.js';
import { installedPackage } from '../support/packed.js';

const run = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;
const tsc = join(root, 'node_modules/typescript/bin/tsc');

let project: string;
let workspace: string;
let server: FakeServer;
let env: Record<string, string>;

beforeAll(async () => {
  project = await installedPackage();
  // Each consumer is a folder here that finds the installed package through a node_modules link.
  workspace = await mkdtemp(join(tmpdir(), 'uas-consumers-'));
  server = await startFakeServer();
  const { looker, dx } = server.fake;
  const user = looker.addUser();
  const attribute = looker.addUserAttribute({ name: 'region' });
  const credentials = looker.createApiCredentials();
  dx.addUser({ email: 'jo@acme.test' });
  env = {
    ...process.env,
    FAKE_URL: server.url,
    CLIENT_ID: credentials.clientId,
    CLIENT_SECRET: credentials.clientSecret,
    USER_ID: user.id,
    ATTRIBUTE_ID: attribute.id,
    DX_TOKEN: dx.createToken(),
  } as Record<string, string>;
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (workspace) await rm(workspace, { recursive: true, force: true });
});

test('the tarball holds the built package, the specs and the license, and nothing else', async () => {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json'], { cwd: root });
  const files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((f) => f.path);
  expect(files).toContain('dist/esm/looker/index.js');
  expect(files).toContain('dist/cjs/dx/index.js');
  expect(files).toContain('dist/cjs/package.json');
  expect(files).toContain('LICENSE');
  expect(files.filter((f) => !/^(dist\/|spec\/|LICENSE$|README\.md$|CHANGELOG\.md$|package\.json$)/.test(f))).toEqual([]);
});

test('msw is not installed for consumers', () => {
  expect(existsSync(join(project, 'node_modules/msw'))).toBe(false);
  expect(existsSync(join(project, 'node_modules/openapi-fetch'))).toBe(true);
});

test.each(consumers.map((c) => [c.name, c] as const))(
  '%s consumer installs, builds and calls the fake server',
  async (_, consumer) => {
    const dir = join(workspace, consumer.name);
    await mkdir(dir);
    await symlink(join(project, 'node_modules'), join(dir, 'node_modules'), 'dir');
    await writeFile(join(dir, 'package.json'), JSON.stringify({ private: true, ...consumer.packageJson }));
    for (const [file, text] of Object.entries(consumer.files)) await writeFile(join(dir, file), text);
    if (consumer.tsconfig) {
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(consumer.tsconfig));
      await run(process.execPath, [tsc, '-p', dir]).catch((error) => {
        throw new Error(`tsc failed for ${consumer.name}:\n${error.stdout}`);
      });
    }
    const { stdout } = await run(process.execPath, [join(dir, consumer.main)], { env, cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ ok: true, value: 'EMEA' });
  },
  60_000,
);
