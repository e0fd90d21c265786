// Each rule of the docs check catching what it is for, on pages written here to break it: a check
// that passed the real pages but could not fail would prove nothing.
import { describe, expect, test } from 'vitest';
import { blockProblems, citationProblems, indexProblems, lineProblems, linkProblems, testFileNames } from '../support/docs/checks.js';
import { anchors, codeBlocks, githubSlug, type Page } from '../support/docs/markdown.js';
import { typeCheck } from '../support/docs/type-check.js';

const root = new URL('../..', import.meta.url).pathname;
const fence = '```';
const page = (text: string, path = 'docs/synthetic.md'): Page => ({ path, text });
const lines = (found: { line: number; message: string }[]): [number, string][] => found.map((p) => [p.line, p.message]);

describe('anchors, as GitHub makes them', () => {
  test.each([
    ['Sync: HR records to Looker and DX', 'sync-hr-records-to-looker-and-dx'],
    ['Precedence: what a user\'s value resolves to', 'precedence-what-a-users-value-resolves-to'],
    ['Input (`--input`)', 'input---input'],
    ['`fake.looker`', 'fakelooker'],
    ['Calls × 2 — Ümlaut_x', 'calls--2--ümlaut_x'],
    ['A [linked](https://example.com) *heading*', 'a-linked-heading'],
  ])('%s → #%s', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });

  test('a repeated heading gets -1, -2; headings inside code blocks are not headings; HTML ids count', () => {
    const found = anchors(page(`# Paging\n\n## Paging\n\n### Paging\n\n${fence}sh\n# not a heading\n${fence}\n\n<a id="kept"></a>\n`));
    expect([...found].sort()).toEqual(['kept', 'paging', 'paging-1', 'paging-2']);
  });
});

test('links: a missing file, a missing heading and a way out of the repository are caught; code and the web are not links to check', () => {
  const text = [
    '# Here', // 1
    '[a page](looker.md#paging) and [a folder](../spec/) and [this page](#here)', // 2
    '[gone](nope.md)', // 3
    '[no such heading](looker.md#nope) and [nor here](#nowhere)', // 4
    '[outside](../../elsewhere.md)', // 5
    '[the web](https://example.com/x.md) and `[code](nope.md)`', // 6
    `${fence}md`, // 7
    '[in a block](nope.md)', // 8
    fence, // 9
    '[an anchor in a folder](../spec/#x)', // 10
  ].join('\n');
  expect(lines(linkProblems(root, page(text)))).toEqual([
    [3, 'nope.md: docs/nope.md does not exist'],
    [4, 'looker.md#nope: docs/looker.md has no heading #nope'],
    [4, '#nowhere: docs/synthetic.md has no heading #nowhere'],
    [5, '../../elsewhere.md: leads out of the repository'],
    [10, '../spec/#x: an anchor in a file that is not a Markdown page'],
  ]);
});

test('citations: a test file is found by its name in any folder, * matches; a renamed one and a missing path are caught', () => {
  const text = [
    'Proved by `pages.test.ts` and `elsewhere/checks.test.ts`, and by `page*.test.ts`.', // 1
    'Proved by `renamed-away.test.ts`.', // 2
    'See `test/docs/pages.test.ts`, `test/docs/` and `src/`.', // 3
    'See `src/nowhere.ts` and `test/docs/*.nothing.ts`.', // 4
  ].join('\n');
  expect(lines(citationProblems(root, page(text), testFileNames(root)))).toEqual([
    [2, 'renamed-away.test.ts: no such test file under test/'],
    [4, 'src/nowhere.ts: no such path in the repository'],
    [4, 'test/docs/*.nothing.ts: no such path in the repository'],
  ]);
});

test('lines: 200 characters or more are caught, counted as characters (→ is one)', () => {
  const text = ['x'.repeat(199), '→'.repeat(199), 'x'.repeat(200), `    ${'y'.repeat(300)}`].join('\n');
  expect(lines(lineProblems(page(text)))).toEqual([[3, '200 characters: wrap it under 200'], [4, '304 characters: wrap it under 200']]);
});

test('blocks: JSON that does not parse, an unknown flag, a not-checked without a reason or on a block that is not ts', () => {
  const text = [
    `${fence}json`, '{ "email": "Work Email", }', fence, // 1-3
    `${fence}ts fragment`, 'const a = 1;', fence, // 4-6
    '<!-- not-checked: -->', `${fence}ts`, 'looker.', fence, // 7-10
    '<!-- not-checked: a shell session -->', `${fence}sh`, 'ls', fence, // 11-14
    '<!-- not-checked: shows a call without its client -->', `${fence}ts`, 'await looker.login();', fence, // 15-18
  ].join('\n');
  expect(blockProblems(page(text)).map((p) => [p.line, p.message.replace(/: .*JSON.*$/s, ': …')])).toEqual([
    [1, 'the JSON does not parse: …'],
    [4, 'unknown flag "fragment" on a ts block (known: continued)'],
    [8, '<!-- not-checked: … --> needs a reason'],
    [12, 'only ts blocks are checked, so only they can be not-checked'],
  ]);
});

test('the index: a page under docs/ it does not link to is caught', () => {
  const index = page('[Looker](looker.md) and [Sync](sync.md#the-plan)', 'docs/README.md');
  const pages = ['docs/README.md', 'docs/looker.md', 'docs/sync.md', 'docs/orphan.md'].map((path) => page('', path));
  expect(lines(indexProblems(index, pages))).toEqual([[1, 'orphan.md is not linked from the index']]);
});

test('ts blocks compile against src/: a type error is caught at its line in the page; "continued" goes on the block before', () => {
  const text = [
    `${fence}ts`, // 1
    'import { createLookerClient } from \'user-attributes-sdk/looker\';', // 2
    'const looker = createLookerClient({ baseUrl: \'https://acme.looker.com\', credentials: { accessToken: \'t\' } });', // 3
    fence, // 4
    `${fence}ts continued`, // 5
    'const r = await looker.setUserAttributeUserValue({ userId: \'42\', userAttributeId: \'7\', value: \'EMEA\' });', // 6
    'if (r.ok) console.log(r.data.value);', // 7
    'await looker.setUserAttributeValue();', // 8: no such method
    fence, // 9
    `${fence}ts`, // 10
    'import { unwrap } from \'user-attributes-sdk\';', // 11
    'const n: number = unwrap({ ok: true, data: \'text\' } as const);', // 12: a string is not a number
    fence, // 13
    '<!-- not-checked: a fragment -->', `${fence}ts`, 'looker.', fence, // 14-17
  ].join('\n');
  const other = page(`${fence}ts continued\nconst x = 1;\n${fence}\n`, 'docs/other.md');
  const found = typeCheck(root, [...codeBlocks(page(text)), ...codeBlocks(other)]);
  expect(found.map((p) => [p.page, p.line])).toEqual([
    ['docs/other.md', 1],
    ['docs/synthetic.md', 8],
    ['docs/synthetic.md', 12],
  ]);
  expect(found[0]?.message).toBe('a "ts continued" block needs a checked ts block before it on the page');
  expect(found[1]?.message).toMatch(/Property 'setUserAttributeValue' does not exist/);
  expect(found[2]?.message).toMatch(/not assignable to type 'number'/);
}, 120_000);
