// Where the Bun, Deno and workerd binaries are: inside the project, in the platform packages that
// `npm ci` installs as optional dependencies of the `bun`, `deno` and `workerd` devDependencies.
// package.json's allowScripts denies those three their postinstall scripts (which would fail
// `npm ci` on a platform without a binary, or download one), so each binary is looked up where its
// platform package puts it, and also where a postinstall moves it for npm versions that run it anyway.
// A binary is used only if it answers `--version` with the pinned version; none is an error, never a skip.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const root = new URL('../../..', import.meta.url).pathname;
const modules = join(root, 'node_modules');
const exe = process.platform === 'win32' ? '.exe' : '';

/** A runtime the checks run on. */
export type RuntimeName = 'bun' | 'deno' | 'workerd';

/** A runtime's binary and the version it reported. */
export interface RuntimeBinary {
  readonly name: RuntimeName;
  readonly path: string;
  /** As `--version` prints it: `1.4.5`, `deno 2.9.6 …`, `workerd 2026-11-23`. */
  readonly version: string;
}

/** Each runtime's platform packages (a scope and a name prefix) and its binary inside one. */
const layout: Record<RuntimeName, { readonly scope: string; readonly prefix: string; readonly file: string; readonly moved: string }> = {
  bun: { scope: '@oven', prefix: 'bun-', file: `bin/bun${exe}`, moved: 'bun/bin/bun.exe' },
  deno: { scope: '@deno', prefix: '', file: `deno${exe}`, moved: `deno/deno${exe}` },
  workerd: { scope: '@cloudflare', prefix: 'workerd-', file: `bin/workerd${exe}`, moved: `workerd/bin/workerd${exe}` },
};

/** The pinned version of a runtime's package, as `--version` prints it (workerd prints its date). */
export function pinnedVersion(name: RuntimeName): string {
  const { devDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const version = devDependencies[name];
  if (!version) throw new Error(`${name} is not a devDependency in package.json`);
  const date = /^1\.(\d{4})(\d{2})(\d{2})\.\d+$/.exec(version);
  return name === 'workerd' && date ? `${date[1]}-${date[2]}-${date[3]}` : version;
}

function candidates(name: RuntimeName): string[] {
  const { scope, prefix, file, moved } = layout[name];
  const scopeDir = join(modules, scope);
  const platformPackages = existsSync(scopeDir) ? readdirSync(scopeDir).filter((entry) => entry.startsWith(prefix)) : [];
  return [...platformPackages.map((entry) => join(scopeDir, entry, file)), join(modules, moved)].filter((path) => existsSync(path));
}

/** Finds the runtime's binary, or throws saying what was tried and how it is installed. */
export async function runtimeBinary(name: RuntimeName): Promise<RuntimeBinary> {
  const wanted = pinnedVersion(name);
  const tried: string[] = [];
  for (const path of candidates(name)) {
    try {
      const { stdout } = await exec(path, ['--version'], { timeout: 30_000 });
      const version = stdout.trim().split('\n')[0] ?? '';
      if (version.split(' ').includes(wanted) || version === wanted) return { name, path, version };
      tried.push(`${path} (${version})`);
    } catch (error) {
      tried.push(`${path} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  const { scope, prefix } = layout[name];
  throw new Error(
    `no ${name} ${wanted} binary for ${process.platform}-${process.arch}: npm ci installs it from ${scope}/${prefix}<platform>, ` +
      `an optional dependency of the ${name} devDependency; ${tried.length ? `tried ${tried.join(', ')}` : 'none is installed'}`,
  );
}
