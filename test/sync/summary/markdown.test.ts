// The Markdown summary, parsed as GitHub's CommonMark with tables would parse it: the counts, the
// lists and the per-user table hold what the plan and the report say, and no value escapes its cell.
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import { expect, test } from 'vitest';
import { renderSummaryMarkdown, type ApplyReport, type SyncPlan } from '../../../src/sync/index.js';
import { sealPlan } from '../../../src/sync/model/seal.js';
import { completeReport, planWithChanges } from '../../support/cli/fixtures.js';

// Raw HTML on, as GitHub has it (for <details>): a value's tag would then be HTML too, were it not escaped.
const markdown = new MarkdownIt({ html: true });

/** The tables of a document: rows of cells as plain text (entities and escapes undone). */
function tables(text: string): string[][][] {
  const found: string[][][] = [];
  let row: string[] | undefined;
  for (const token of markdown.parse(text, {})) {
    if (token.type === 'table_open') found.push([]);
    else if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close') {
      found.at(-1)?.push(row as string[]);
      row = undefined;
    } else if (token.type === 'inline' && row) row.push(plainText(token.children ?? []));
  }
  return found;
}
const plainText = (tokens: readonly Token[]) => tokens.map((t) => (t.type === 'text' || t.type === 'code_inline' ? t.content : t.type === 'softbreak' ? '\n' : '')).join('');
/** The raw HTML a document holds, tag by tag. */
const htmlOf = (text: string) => markdown.parse(text, {}).flatMap((t) => [t, ...(t.children ?? [])]).filter((t) => t.type.startsWith('html')).map((t) => t.content.trim());

const hostile = '<img src=x onerror=alert(1)> | **bold** [link](http://x) `code`\nnext';
const plan: SyncPlan = sealPlan({
  ...planWithChanges,
  users: [
    ...planWithChanges.users,
    { email: 'cy@acme.test', looker: { userId: '9', changes: [{ attribute: 'department', action: 'set', before: 'Sales', after: hostile }] } },
  ],
  summary: { ...planWithChanges.summary, set: 3 },
});

test('a plan: counts per service and action, warnings, problems, the forecast, and the changes folded per user', () => {
  const text = renderSummaryMarkdown({ plan });
  const [counts, changes] = tables(text);
  expect(counts).toEqual([
    ['Service', 'Action', 'Planned'], ['Looker', 'set', '2'], ['Looker', 'remove', '1'], ['DX', 'set', '1'], ['DX', 'remove', '0'],
  ]);
  expect(changes?.[0]).toEqual(['User', 'Service', 'Attribute', 'Change']);
  expect(changes?.slice(1)).toEqual([
    ['jo@acme.test', 'Looker', 'department', '“Sales” → “Marketing”'],
    ['jo@acme.test', 'Looker', 'region', 'remove “EMEA”, falls back to “APAC” (Sales)'],
    ['jo@acme.test', 'DX', 'Department', 'set “Marketing”'],
    // The hostile value stays in its cell, as text: no tag, no link, no emphasis, no extra cell, no new row.
    ['cy@acme.test', 'Looker', 'department', `“Sales” → “${hostile.replace('\n', ' ')}”`],
  ]);
  // The only HTML is the fold's: the hostile value's tag is text.
  expect(htmlOf(text)).toEqual(['<details>\n<summary>Changes per user (3 users, 4 changes)</summary>', '</details>']);
  expect(text).toContain('### Warnings (2)');
  expect(text).toContain('### Problems (left out) (1)');
  expect(markdown.render(text)).toContain('<li>record 3 nobody@acme.test: no Looker user has the email nobody@acme.test</li>');
  expect(text).toContain('Forecast for apply: Looker 2, DX 1 requests');
});

test('an apply: how each change ended, per service and action and per change, and the calls used', () => {
  const report: ApplyReport = {
    ...completeReport, applied: 2, conflict: 1,
    outcomes: [
      { email: 'jo@acme.test', service: 'looker', attribute: 'department', outcome: 'applied' },
      { email: 'jo@acme.test', service: 'looker', attribute: 'region', outcome: 'conflict', reason: 'changed_since_plan' },
      { email: 'jo@acme.test', service: 'dx', attribute: 'Department', outcome: 'applied' },
    ],
    callsUsed: { looker: 5, dx: 1 },
  };
  const sections = [{ title: 'Calls this month', markdown: 'Looker: 3,412 of 10,000' }];
  const text = renderSummaryMarkdown({ plan: planWithChanges, report, sections });
  const [counts, changes] = tables(text);
  expect(counts).toEqual([
    ['Service', 'Action', 'Planned', 'Applied', 'Failed', 'Conflict', 'Skipped'],
    ['Looker', 'set', '1', '1', '0', '0', '0'], ['Looker', 'remove', '1', '0', '0', '1', '0'],
    ['DX', 'set', '1', '1', '0', '0', '0'], ['DX', 'remove', '0', '0', '0', '0', '0'],
  ]);
  expect(changes?.map((row) => row[4])).toEqual(['Outcome', 'applied', 'conflict (changed since plan)', 'applied']);
  expect(text).toMatch(/^## User attributes: Apply of plan 20250102T030405000Z\\-00000000002a$/m);
  expect(text).toContain('Used: Looker 5, DX 1 requests (the plan forecast Looker 2, DX 1');
  // A section of another part of the job goes between the calls and the table, as given.
  expect(text.indexOf('### Calls this month\n\nLooker: 3,412 of 10,000')).toBeGreaterThan(text.indexOf('### Calls\n'));
  expect(text.indexOf('### Calls this month')).toBeLessThan(text.indexOf('<details>'));
});

test('long lists and tables are capped, the rest counted', () => {
  const text = renderSummaryMarkdown({ plan, maxRows: 1 });
  expect(tables(text)[1]).toHaveLength(2);
  expect(text).toContain('… and 3 more changes, not shown.');
  expect(text).toContain('- … and 1 more');
});
