// The sync's file I/O, all of it: every file the sync reads or writes goes through this module.
// Node's builtins are looked up only when a path is used, through `process.getBuiltinModule`
// (Node 20.16+, Bun, Deno), never imported: so `/sync` bundles and loads where there is no file
// system (Cloudflare Workers), and a path given there fails with an error saying what to pass.

// Types only: erased from the build, they import nothing at run time.
import type * as fs from 'node:fs';
import type * as fsPromises from 'node:fs/promises';
import type * as os from 'node:os';

/** The Node builtins the sync's file I/O may take, by name: add one here before using it. */
interface Builtins {
  'node:fs/promises': typeof fsPromises;
  'node:fs': typeof fs;
  'node:os': typeof os;
}

type Host = { getBuiltinModule?: (id: string) => unknown } | undefined;

/**
 * Node's builtin module `name`, from the runtime. Throws an `Error` saying that paths need a file
 * system where the runtime has none (Workers without Node compatibility).
 */
export function nodeBuiltin<Name extends keyof Builtins>(name: Name): Builtins[Name] {
  const host = (globalThis as { process?: Host }).process;
  const found = host?.getBuiltinModule?.(name);
  if (!found) throw new Error(`this runtime has no file system (${name}): file paths work on Node, Bun and Deno; elsewhere pass a Journal object`);
  return found as Builtins[Name];
}

/** The text of a UTF-8 file, or undefined when there is no such file. */
export async function readTextFile(path: string): Promise<string | undefined> {
  try {
    return await nodeBuiltin('node:fs/promises').readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** A file opened for appending (created when missing). */
export interface AppendOnlyFile {
  /** Appends `text` and resolves once it is on disk (`fdatasync`). */
  append(text: string): Promise<void>;
  /** Closes the file; appends after it fail. */
  close(): Promise<void>;
}

/** Opens `path` for appending, creating it when missing. */
export async function openForAppend(path: string): Promise<AppendOnlyFile> {
  const handle = await nodeBuiltin('node:fs/promises').open(path, 'a');
  return {
    async append(text) {
      await handle.write(text);
      await handle.datasync();
    },
    close: () => handle.close(),
  };
}
