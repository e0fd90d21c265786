import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const SRC = new URL('../../src/', import.meta.url).pathname;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(SRC, dir), { recursive: true });
  return entries.filter((file) => file.endsWith('.ts')).map((file) => join(dir, file));
}

async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(join(SRC, file), 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1] as string);
}

test('only the msw module of the testing kit imports msw', async () => {
  const importers = [];
  for (const file of await sourceFiles('.'))
    if ((await importsOf(file)).some((spec) => spec === 'msw' || spec.startsWith('msw/'))) importers.push(file);
  expect(importers).toEqual(['testing/msw.ts']);
});

test('the SDK never imports the testing kit', async () => {
  for (const dir of ['core', 'looker', 'dx']) {
    for (const file of await sourceFiles(dir)) {
      const fromTesting = (await importsOf(file)).filter((spec) => relative(dir, join(dir, spec)).includes('testing'));
      expect(fromTesting, file).toEqual([]);
    }
  }
});
