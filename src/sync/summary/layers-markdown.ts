// The Markdown summary's part of the definitions and group values: each change (with its outcome
// after an apply), and per attribute how many users resolve to another value.
import type { ApplyOutcome, ApplyReport } from '../model/apply-report.js';
import type { DefinitionChange, GroupValuesChange, PlannedGroupValue } from '../model/layers.js';
import type { SyncPlan } from '../model/plan.js';

/** How one layer change is described, as Markdown (its text escaped by `escape`). */
function definitionItem(change: Exclude<DefinitionChange, { action: 'unchanged' }>, escape: (text: string) => string): string {
  const name = `\`${change.attribute}\``;
  if (change.action === 'create') return `${name}: created (type ${escape(String(change.after.type))}, label “${escape(String(change.after.label))}”)`;
  if (change.action === 'delete') return `${name}: **deleted**, with every value it holds`;
  const shown = (v: string | boolean | null) => (v === null ? '_none_' : typeof v === 'boolean' ? String(v) : `“${escape(v)}”`);
  return `${name}: ${change.changes.map((c) => `${escape(c.property)} ${shown(c.before)} → ${shown(c.after)}`).join('; ')}`;
}

function groupValuesItem(change: GroupValuesChange, escape: (text: string) => string): string {
  const list = (values: readonly PlannedGroupValue[]) => (values.length ? values.map((v) => `${escape(v.group)} “${escape(v.value)}”`).join(', ') : '_none_');
  const calls = change.calls.map((c) => (c.call === 'update' ? `PATCH ${escape(c.group)}` : c.call === 'delete' ? `DELETE ${escape(c.group)}` : 'POST of the whole list'));
  return `\`${change.attribute}\` group values (first wins): ${list(change.before)} → ${list(change.after)} (${calls.join(', ')})`;
}

/** The "Definitions and group values" and "Effective values" sections, or none when the plan changes neither. */
export function layerSummary(plan: SyncPlan, report: ApplyReport | undefined, escape: (text: string) => string): string[] {
  const outcomes = new Map((report?.outcomes ?? []).filter((o) => o.layer).map((o) => [`${o.layer}:${o.attribute}`, o]));
  const ended = (key: string) => {
    const outcome: ApplyOutcome | undefined = outcomes.get(key);
    return report ? ` — ${outcome ? `${outcome.outcome}${outcome.reason ? ` (${outcome.reason.replace(/_/g, ' ')})` : ''}` : 'not reached'}` : '';
  };
  const items = [
    ...(plan.definitions ?? []).flatMap((c) => (c.action === 'unchanged' ? [] : [`- ${definitionItem(c, escape)}${ended(`definition:${c.attribute}`)}`])),
    ...(plan.groupValues ?? []).flatMap((c) => (c.calls.length ? [`- ${groupValuesItem(c, escape)}${ended(`group_values:${c.attribute}`)}`] : [])),
  ];
  const lines = items.length ? ['', `### Definitions and group values (${items.length})`, '', ...items] : [];
  const sections = plan.effective ?? [];
  if (sections.length) {
    lines.push('', '### Effective values', '');
    for (const s of sections) {
      const widens = s.widens ? ' — **widens access**' : '';
      lines.push(`- \`${s.attribute}\`: ${s.count} ${s.count === 1 ? 'user resolves' : 'users resolve'} to another value${s.upperBound ? ' (at most: some own values were not read)' : ''}${widens}`);
    }
  }
  return lines;
}
