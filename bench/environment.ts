import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { arch, cpus, release, totalmem, type } from 'node:os';
import { join } from 'node:path';

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  /** The HTTP client behind Node's global fetch, used by all four contenders. */
  readonly undici: string;
}

export function describeMachine(): Machine {
  const cores = cpus();
  let distribution = '';
  try {
    distribution = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? '';
  } catch {
    // Not Linux, or no os-release: the kernel line below is enough.
  }
  return {
    cpuModel: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: [distribution, `${type()} ${release()} ${arch()}`].filter(Boolean).join(', '),
    node: process.version,
    undici: process.versions.undici ?? 'unknown',
  };
}

/** Installed versions of the packages compared, read from their package.json files under `root`. */
export function packageVersions(root: string, names: readonly string[]): Record<string, string> {
  const read = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  return Object.fromEntries([
    ['user-attributes-sdk', read(join(root, 'package.json'))],
    ...names.map((name) => [name, read(join(root, 'node_modules', name, 'package.json'))]),
  ]);
}

export interface SourceRevision {
  readonly commit: string;
  /** Files under src/ that differed from the commit when dist/ was built for this run. */
  readonly uncommittedSourceFiles: readonly string[];
}

/** The commit the measured build came from, and any uncommitted changes to src/ it included. */
export function sourceRevision(root: string): SourceRevision {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  return {
    commit: git('rev-parse', 'HEAD').trim(),
    uncommittedSourceFiles: git('status', '--porcelain', '--', 'src')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3)),
  };
}
