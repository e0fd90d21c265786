// --summary-md: the sync library's Markdown summary of a plan or an apply, written to a file
// (for a pull-request comment, or a CI job summary such as $GITHUB_STEP_SUMMARY).
import type { PlainResult } from '../core/result.js';
import { writeFileAtomically, type UnwritableError } from './file-output.js';
import { renderSummaryMarkdown, type ApplyReport, type SyncPlan } from './sync.js';

/** Writes the summary of `plan` (and of its apply, given `report`) to `path`, replacing it. */
export function writeSummary(path: string, plan: SyncPlan, report?: ApplyReport): Promise<PlainResult<undefined, UnwritableError>> {
  return writeFileAtomically(path, renderSummaryMarkdown({ plan, ...(report && { report }) }), 'the Markdown summary');
}
