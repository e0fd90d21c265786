// --summary-md: the sync library's Markdown summary of a plan or an apply, written to a file
// (for a pull-request comment, or a CI job summary such as $GITHUB_STEP_SUMMARY).
import type { PlainResult } from '../core/result.js';
import { writeFileAtomically, type UnwritableError } from './file-output.js';
import { escapeMarkdown, renderSummaryMarkdown, type ApplyReport, type SyncPlan } from './sync.js';

/**
 * Writes the summary of `plan` (and of its apply, given `report`) to `path`, replacing it; `ledger`,
 * the state's monthly call ledger lines (`--state`), is a section of its own.
 */
export function writeSummary(path: string, plan: SyncPlan, report?: ApplyReport, ledger?: string): Promise<PlainResult<undefined, UnwritableError>> {
  const sections = ledger ? [{ title: 'Monthly call ledger', markdown: ledger.split('\n').map((line) => `- ${escapeMarkdown(line)}`).join('\n') }] : [];
  return writeFileAtomically(path, renderSummaryMarkdown({ plan, ...(report && { report }), sections }), 'the Markdown summary');
}
