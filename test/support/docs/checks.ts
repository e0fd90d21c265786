// The rules every page of the docs keeps (test/docs/pages.test.ts applies them; checks.test.ts shows
// each one catching what it is for): links that resolve, cited tests and paths that exist, blocks
// that parse, every page in the index, no line too long to read. Each returns the problems found.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { anchors, citedPaths, citedTestFiles, codeBlocks, links, longLines, type Page } from './markdown.js';
import { typeScriptLanguages } from './type-check.js';

/** Something wrong on a page, at a line (from 1). */
export interface Problem {
  readonly page: string;
  readonly line: number;
  readonly message: string;
}

/** No line may be this long or longer. */
export const lineLimit = 200;

/** The flags a ts fence may carry. */
const tsFlags: readonly string[] = ['continued'];

/** Every relative link leads to a file or folder of the repository, and its `#anchor` to a heading there. */
export function linkProblems(root: string, page: Page): Problem[] {
  const problems: Problem[] = [];
  for (const { line, text } of links(page)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(text)) continue; // https:, mailto: are not checked (no network)
    const [path = '', anchor] = text.split('#', 2) as [string, string | undefined];
    const target = normalize(join(dirname(page.path), decodeURIComponent(path)));
    const problem = (message: string): void => void problems.push({ page: page.path, line, message: `${text}: ${message}` });
    if (!path) {
      if (!anchors(page).has(anchor ?? '')) problem(`${page.path} has no heading #${anchor}`);
    } else if (target.startsWith('..')) problem('leads out of the repository');
    else if (!existsSync(join(root, target))) problem(`${target} does not exist`);
    else if (anchor !== undefined) {
      if (!target.endsWith('.md') || statSync(join(root, target)).isDirectory()) problem('an anchor in a file that is not a Markdown page');
      else if (!anchors({ path: target, text: readFileSync(join(root, target), 'utf8') }).has(anchor)) problem(`${target} has no heading #${anchor}`);
    }
  }
  return problems;
}

/** The names of the test files under test/, in any folder. */
export function testFileNames(root: string): string[] {
  const names: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.test.ts')) names.push(entry.name);
    }
  };
  walk('test');
  return names;
}

/** A name that may hold `*` (any run of characters but `/`) as a regular expression. */
function pattern(name: string): RegExp {
  return new RegExp(`^${name.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
}

/** Every test file a page names exists under test/ (by its name: the folder may change); every repository path it names exists. */
export function citationProblems(root: string, page: Page, testFiles: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  for (const { line, text } of citedTestFiles(page)) {
    const name = pattern(text.slice(text.lastIndexOf('/') + 1));
    if (!testFiles.some((file) => name.test(file))) problems.push({ page: page.path, line, message: `${text}: no such test file under test/` });
  }
  for (const { line, text } of citedPaths(page)) {
    const found = text.includes('*') ? matches(root, text) : existsSync(join(root, text));
    if (!found) problems.push({ page: page.path, line, message: `${text}: no such path in the repository` });
  }
  return problems;
}

/** Whether a path whose last part holds `*` matches a file of its folder. */
function matches(root: string, path: string): boolean {
  const folder = join(root, dirname(path));
  const name = pattern(path.slice(path.lastIndexOf('/') + 1));
  return existsSync(folder) && readdirSync(folder).some((file) => name.test(file));
}

/** No line of `lineLimit` characters or more. */
export function lineProblems(page: Page): Problem[] {
  return longLines(page, lineLimit).map(({ line, text }) => ({ page: page.path, line, message: `${text}: wrap it under ${lineLimit}` }));
}

/** JSON blocks parse; a ts fence carries only known flags; a block left unchecked says why. */
export function blockProblems(page: Page): Problem[] {
  const problems: Problem[] = [];
  for (const block of codeBlocks(page)) {
    const problem = (message: string): void => void problems.push({ page: page.path, line: block.line, message });
    if (block.notChecked !== undefined && !block.notChecked) problem('<!-- not-checked: … --> needs a reason');
    if (block.notChecked !== undefined && !typeScriptLanguages.includes(block.lang)) problem('only ts blocks are checked, so only they can be not-checked');
    if (typeScriptLanguages.includes(block.lang)) {
      for (const flag of block.flags.filter((f) => !tsFlags.includes(f))) problem(`unknown flag "${flag}" on a ts block (known: ${tsFlags.join(', ')})`);
    }
    if (block.lang === 'json' && block.notChecked === undefined) {
      try {
        JSON.parse(block.code);
      } catch (error) {
        problem(`the JSON does not parse: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

/** Every page under docs/ is linked from the index. */
export function indexProblems(index: Page, pages: readonly Page[]): Problem[] {
  const linked = new Set(links(index).map(({ text }) => normalize(join(dirname(index.path), text.split('#')[0] ?? ''))));
  return pages
    .filter((page) => page.path.startsWith('docs/') && page.path !== index.path && !linked.has(page.path))
    .map((page) => ({ page: index.path, line: 1, message: `${relative(dirname(index.path), page.path)} is not linked from the index` }));
}
