// The plan's definitions and group values for a terminal: each definition created, changed
// (before → after per property) or deleted, and each attribute's group values before → after in
// precedence order, with the calls that make the change.
import type { DefinitionChange, GroupValuesChange, PlannedGroupValue, SyncPlan } from './sync.js';
import { plain, quoted, type Paint } from './terminal-text.js';

const PROPERTY_NAMES: Readonly<Record<string, string>> = {
  type: 'type', label: 'label', defaultValue: 'default', valueIsHidden: 'hidden', userCanView: 'user can view', userCanEdit: 'user can edit',
  hiddenValueDomainWhitelist: 'hidden value domains',
};

const shown = (value: string | boolean | null) => (value === null ? 'none' : typeof value === 'boolean' ? String(value) : quoted(value));

function definitionLine(change: DefinitionChange, paint: Paint): string | undefined {
  const name = plain(change.attribute);
  switch (change.action) {
    case 'create': {
      const declared = Object.entries(change.after).filter(([, value]) => value !== null && value !== false);
      return `${paint('green', '+')} ${name}: created (${declared.map(([property, value]) => `${PROPERTY_NAMES[property]} ${shown(value)}`).join(', ')})`;
    }
    case 'update':
      return `${paint('yellow', '~')} ${name}: ${change.changes.map((c) => `${PROPERTY_NAMES[c.property]} ${shown(c.before)} → ${paint('green', shown(c.after))}`).join('; ')}`;
    case 'delete':
      return `${paint('red', '-')} ${name}: ${paint('red', 'deleted')}, with every user and group value it holds`;
    case 'unchanged':
      return undefined;
  }
}

const listed = (values: readonly PlannedGroupValue[]) =>
  (values.length ? values.map((item, i) => `${i + 1}. ${plain(item.group)} ${quoted(item.value)}`).join(', ') : 'none');

function groupValuesLines(change: GroupValuesChange, paint: Paint): string[] {
  const calls = change.calls.map((call) =>
    call.call === 'update' ? `PATCH ${plain(call.group)}` : call.call === 'delete' ? `DELETE ${plain(call.group)}` : 'POST of the whole list');
  return [
    `${paint('yellow', '~')} ${plain(change.attribute)}: ${calls.join(', ')}`,
    `    before: ${listed(change.before)}`,
    `    after:  ${paint('green', listed(change.after))}`,
  ];
}

/** The "Looker definitions" and "Looker group values" blocks, or no line when neither changes. */
export function layerLines(plan: SyncPlan, paint: Paint): string[] {
  const lines: string[] = [];
  const definitions = (plan.definitions ?? []).map((change) => definitionLine(change, paint)).filter((line) => line !== undefined);
  if (definitions.length) lines.push(paint('bold', 'Looker definitions:'), ...definitions.map((line) => `  ${line}`), '');
  const groupValues = (plan.groupValues ?? []).filter((change) => change.calls.length > 0);
  if (groupValues.length) lines.push(paint('bold', 'Looker group values (first wins):'), ...groupValues.flatMap((change) => groupValuesLines(change, paint).map((line) => `  ${line}`)), '');
  return lines;
}
