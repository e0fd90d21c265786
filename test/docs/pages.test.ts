// The README, CONTRIBUTING.md and every page under docs/ as a reader finds them: links that lead
// somewhere, tests and paths that exist, code that compiles against the package's own types, JSON
// that parses, no line too long to read. The rules are in ../support/docs/checks.ts, the
// compilation in ../support/docs/type-check.ts; CONTRIBUTING.md says how to write a page for them.
import { describe, expect, test } from 'vitest';
import { blockProblems, citationProblems, indexProblems, lineProblems, linkProblems, testFileNames } from '../support/docs/checks.js';
import { codeBlocks, projectPages } from '../support/docs/markdown.js';
import { typeCheck, typeScriptLanguages } from '../support/docs/type-check.js';

const root = new URL('../..', import.meta.url).pathname;
const pages = projectPages(root);
const testFiles = testFileNames(root);

test('the pages checked are the README, CONTRIBUTING.md, the docs index and the pages it lists', () => {
  const paths = pages.map((page) => page.path);
  expect(paths).toEqual(expect.arrayContaining(['README.md', 'CONTRIBUTING.md', 'docs/README.md', 'docs/looker.md', 'docs/sync.md']));
  const index = pages.find((page) => page.path === 'docs/README.md');
  expect(index && indexProblems(index, pages)).toEqual([]);
});

describe.each(pages.map((page) => [page.path, page] as const))('%s', (_, page) => {
  test('every relative link leads to a file of the repository, and every #anchor to a heading there', () => {
    expect(linkProblems(root, page)).toEqual([]);
  });

  test('every test file it names exists under test/, and every repository path it names exists', () => {
    expect(citationProblems(root, page, testFiles)).toEqual([]);
  });

  test('no line is 200 characters or more', () => {
    expect(lineProblems(page)).toEqual([]);
  });

  test('JSON blocks parse, ts fences carry known flags, a block not checked says why', () => {
    expect(blockProblems(page)).toEqual([]);
  });
});

test('every ts block compiles against the package\'s own types (src/, through package.json\'s exports)', () => {
  const blocks = pages.flatMap(codeBlocks);
  // The README, the Looker, sync and testing pages each hold ts blocks: a scan that found none would check nothing.
  for (const path of ['README.md', 'docs/looker.md', 'docs/sync.md', 'docs/testing-kit.md']) {
    expect(blocks.filter((b) => b.page === path && typeScriptLanguages.includes(b.lang)).length, path).toBeGreaterThan(0);
  }
  expect(typeCheck(root, blocks)).toEqual([]);
}, 120_000);
