// The revert plan for a terminal and as JSON lines: the plan's changes, then what cannot be put back.
import { planEvents, type JsonEvent } from './render-json.js';
import { renderPlan } from './render-plan.js';
import { shellWord } from './shell-word.js';
import type { NotReverted, SyncPlan } from './sync.js';
import { plain, type Paint } from './terminal-text.js';

const reasons: Readonly<Record<NotReverted['reason'], string>> = {
  not_applied: 'not applied by that run, so it replaced nothing',
  in_doubt: 'in doubt (the run was cut off): resume that apply first, then revert',
  already_in_state: 'was already so when applied, so it replaced nothing',
  value_not_read: 'its value before was never read (hidden): it cannot be put back',
  layer_not_reverted: 'a revert puts back user values only: declare the definition or group values to restore, and plan them',
};

/** Why a change is not reverted, in words. */
export const notRevertedText = (entry: NotReverted): string => reasons[entry.reason] + (entry.outcome ? ` (${entry.outcome})` : '');

/** The revert plan as text: its changes, what is not reverted, and how to apply it. */
export function renderRevert(plan: SyncPlan, saved: string | undefined, paint: Paint): string {
  const lines = [paint('bold', `Revert of plan ${plan.revert?.planId ?? '?'}:`), ''];
  const writes = plan.summary.set + plan.summary.remove;
  if (writes > 0) lines.push(renderPlan(plan, paint).trimEnd());
  else lines.push(`${paint('green', 'Nothing to revert:')} the journal records no change of that plan as applied.`);
  const notReverted = plan.revert?.notReverted ?? [];
  if (notReverted.length > 0) {
    lines.push('', paint('yellow', `Not reverted (${notReverted.length}):`));
    for (const entry of notReverted) {
      const service = entry.service === 'looker' ? 'Looker' : 'DX';
      const what = entry.layer ? `Looker ${entry.layer === 'definition' ? 'definition' : 'group values'} of ${plain(entry.attribute)}` : `${plain(entry.email)} ${service} ${plain(entry.attribute)}`;
      lines.push(`  ${paint('yellow', '!')} ${what}: ${notRevertedText(entry)}`);
    }
  }
  if (writes > 0) {
    lines.push('', saved === undefined
      ? 'The revert plan was not saved: run again with --out revert.json to apply it.'
      : `Saved the revert plan to ${saved}. Apply it as any plan (each value is read again first): user-attributes-sdk apply ${shellWord(saved)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The plan's events, a "not_reverted" event per change not put back, and the "plan" event with `revertOf`. */
export function revertEvents(plan: SyncPlan, saved: string | undefined): JsonEvent[] {
  const events = planEvents(plan, saved);
  const last = events.pop() as JsonEvent;
  for (const entry of plan.revert?.notReverted ?? []) events.push({ type: 'not_reverted', ...entry });
  events.push({ ...last, revertOf: plan.revert?.planId ?? null });
  return events;
}
