// The package as users get it: packed with npm pack and installed into a throw-away project under
// the system's temp folder, once per tarball (named by its checksum, so a changed build makes a
// new one), shared by whatever needs it in a run: the command line's tests, the packaging test and
// the runtime checks. No network: dependencies come from the local npm cache.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const root = new URL('../..', import.meta.url).pathname;

let installing: Promise<string> | undefined;

/**
 * Builds when there is no build, packs the package and installs the tarball (no msw: it is an
 * optional peer). Resolves to the project's folder, whose `node_modules` holds the package.
 */
export function installedPackage(): Promise<string> {
  installing ??= install();
  return installing;
}

async function install(): Promise<string> {
  if (!existsSync(join(root, 'dist/esm/cli/main.js'))) await exec('npm', ['run', 'build'], { cwd: root });
  const packDir = await mkdtemp(join(tmpdir(), 'uas-pack-'));
  const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: root });
  const [{ filename, shasum }] = JSON.parse(stdout) as [{ filename: string; shasum: string }];
  const project = join(tmpdir(), `uas-installed-${shasum}`);
  if (existsSync(join(project, '.installed'))) {
    await rm(packDir, { recursive: true, force: true });
    return project;
  }

  const staging = await mkdtemp(join(tmpdir(), 'uas-installed-staging-'));
  await rename(join(packDir, filename), join(staging, 'package.tgz'));
  await rm(packDir, { recursive: true, force: true });
  await writeFile(join(staging, 'package.json'), JSON.stringify({ private: true, dependencies: { 'user-attributes-sdk': 'file:./package.tgz' } }));
  await exec('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts'], { cwd: staging });
  await writeFile(join(staging, '.installed'), '');
  // Another process may have finished first: then its install is used and this one dropped.
  await rename(staging, project).catch(() => rm(staging, { recursive: true, force: true }));
  return project;
}
