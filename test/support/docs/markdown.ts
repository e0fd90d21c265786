// Reads the project's Markdown pages as GitHub renders them, enough to check them: fenced code
// blocks, headings and their anchors (GitHub's slug rules), links, cited test files and paths.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A Markdown page of the project: its path from the repository's root and its text. */
export interface Page {
  readonly path: string;
  readonly text: string;
}

/** A fenced code block: the language and the words after it on the fence line (` ```ts continued `). */
export interface CodeBlock {
  readonly page: string;
  /** The line of the opening fence, from 1. */
  readonly line: number;
  readonly lang: string;
  readonly flags: readonly string[];
  readonly code: string;
  /** The reason given by a `<!-- not-checked: reason -->` comment right before the fence. */
  readonly notChecked?: string;
}

/** Something a page refers to, and the line it is on (from 1). */
export interface Mention {
  readonly line: number;
  readonly text: string;
}

/** The pages the checks cover: README.md, CONTRIBUTING.md and every page under docs/ but the generated docs/api/. */
export function projectPages(root: string): Page[] {
  const paths = ['README.md', 'CONTRIBUTING.md'].filter((path) => readdirSync(root).includes(path));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory() && path !== 'docs/api') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) paths.push(path);
    }
  };
  walk('docs');
  return paths.sort().map((path) => ({ path, text: readFileSync(join(root, path), 'utf8') }));
}

const fenceOpen = /^(\s*)(`{3,}|~{3,})\s*([^`\s]*)\s*(.*)$/;
const notCheckedComment = /^\s*<!--\s*not-checked:(.*?)-->\s*$/;

/** Where each fenced block of a text opens and closes (line indexes from 0; an unclosed one runs to the end). */
function fences(lines: readonly string[]): { open: number; close: number; match: RegExpExecArray }[] {
  const found: { open: number; close: number; match: RegExpExecArray }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const match = fenceOpen.exec(lines[i] ?? '');
    if (!match) continue;
    const fence = match[2] ?? '```';
    const close = new RegExp(`^\\s*${fence[0]}{${fence.length},}\\s*$`);
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end] ?? '')) end++;
    found.push({ open: i, close: end, match });
    i = end;
  }
  return found;
}

/** Each line of a page, with whether it belongs to a fenced code block (fences included). */
function scan(text: string): { line: string; fenced: boolean }[] {
  const lines = text.split('\n');
  const fenced = new Set(fences(lines).flatMap(({ open, close }) => Array.from({ length: close - open + 1 }, (_, k) => open + k)));
  return lines.map((line, i) => ({ line, fenced: fenced.has(i) }));
}

/** The fenced code blocks of a page, in order. */
export function codeBlocks(page: Page): CodeBlock[] {
  const lines = page.text.split('\n');
  return fences(lines).map(({ open, close, match }) => {
    const indent = (match[1] ?? '').length; // a block in a list item is indented with it
    const code = lines.slice(open + 1, close).map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n');
    const before = notCheckedComment.exec(lines[open - 1] ?? '');
    return {
      page: page.path,
      line: open + 1,
      lang: (match[3] ?? '').toLowerCase(),
      flags: (match[4] ?? '').split(/\s+/).filter(Boolean),
      code: code ? `${code}\n` : '',
      ...(before ? { notChecked: (before[1] ?? '').trim() } : {}),
    };
  });
}

/** A heading's anchor as GitHub makes it: the rendered text lower-cased, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/[`*]/g, '') // code spans and emphasis
    .trim();
  // GitHub keeps word characters (letters, marks, decimal digits, connector punctuation), hyphens and spaces.
  return rendered.toLowerCase().replace(/[^\p{L}\p{M}\p{Nd}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
}

/** Every anchor a page has: one per heading (repeats get `-1`, `-2`, …) and each HTML `id` or `name`. */
export function anchors(page: Page): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  for (const { line, fenced } of scan(page.text)) {
    if (fenced) continue;
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      const slug = githubSlug(heading[1] ?? '');
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      found.add(count ? `${slug}-${count}` : slug);
    }
    for (const html of line.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) found.add(html[1] ?? '');
  }
  return found;
}

/** Lines outside code blocks, with code spans blanked, numbered from 1. */
function prose(page: Page): { line: string; number: number }[] {
  return scan(page.text).flatMap(({ line, fenced }, i) => (fenced ? [] : [{ line: line.replace(/`[^`]*`/g, (s) => ' '.repeat(s.length)), number: i + 1 }]));
}

/** The targets of a page's links (inline, images and reference definitions), outside code. */
export function links(page: Page): Mention[] {
  const found: Mention[] = [];
  for (const { line, number } of prose(page)) {
    for (const link of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) found.push({ line: number, text: link[1] ?? '' });
    const definition = /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(line);
    if (definition) found.push({ line: number, text: definition[1] ?? '' });
  }
  return found;
}

/** Test files a page names (`retries.test.ts`, `sync/lock.test.ts`, `scenarios.*.test.ts`), anywhere in it. */
export function citedTestFiles(page: Page): Mention[] {
  return page.text.split('\n').flatMap((line, i) =>
    [...line.matchAll(/(?<![\w.*/-])(?:[\w.*-]+\/)*[\w.*-]+\.test\.ts\b/g)].map((m) => ({ line: i + 1, text: m[0] })),
  );
}

/** Paths of this repository a page names in code spans (`src/looker/credentials.ts`, `examples/`), anywhere in it. */
export function citedPaths(page: Page): Mention[] {
  return page.text.split('\n').flatMap((line, i) =>
    [...line.matchAll(/`((?:src|test|examples|scripts|bench|spec)\/[^`\s]*)`/g)].map((m) => ({ line: i + 1, text: m[1] ?? '' })),
  );
}

/** Lines of `limit` characters or more (characters, not UTF-16 units: `→` counts one). */
export function longLines(page: Page, limit: number): Mention[] {
  return page.text.split('\n').flatMap((line, i) => ([...line].length >= limit ? [{ line: i + 1, text: `${[...line].length} characters` }] : []));
}
