// The definitions layer of a plan, a pure function: each declared attribute against the one Looker
// holds, as a create, an update (before → after per property), a delete or no change, or the
// reasons Looker cannot make the change or it would corrupt data.
import type { DesiredAttribute } from '../model/desired-state.js';
import { isDeletion, keyPath } from '../model/desired-state.js';
import type { DefinitionChange, DefinitionProperties, DefinitionProperty, PropertyChange } from '../model/layers.js';
import { propertiesOf, type LookerDefinition } from '../model/layer-ports.js';
import { lookerValueProblem } from '../model/value-types.js';

/** A problem with a declared attribute, by its path in the desired state. */
export interface LayerIssue {
  readonly path: string;
  readonly problem: string;
}

/** The properties the desired state declares, by Looker's names (those it leaves out are absent). */
function declaredOf(desired: Exclude<DesiredAttribute, { delete: true }>): Partial<DefinitionProperties> {
  const declared: Partial<Record<DefinitionProperty, unknown>> = {
    type: desired.type,
    label: desired.label,
    defaultValue: desired.default,
    valueIsHidden: desired.hidden,
    userCanView: desired.userCanView,
    userCanEdit: desired.userCanEdit,
    hiddenValueDomainWhitelist: desired.hiddenValueDomains?.join(','),
  };
  return Object.fromEntries(Object.entries(declared).filter(([, value]) => value !== undefined)) as Partial<DefinitionProperties>;
}

/**
 * The change of one declared attribute. `stored` are the values it holds that the plan could read
 * (its group values, now and declared): a new type must fit them, as it must fit the default.
 */
export function definitionChange(
  name: string,
  desired: DesiredAttribute,
  current: LookerDefinition | undefined,
  stored: readonly string[],
): { change?: DefinitionChange; issues: LayerIssue[] } {
  const at = keyPath('looker.attributes', name);
  const issues: LayerIssue[] = [];
  const guarded = (what: string) => {
    if (current?.is_system) issues.push({ path: at, problem: `is a system attribute of Looker: it cannot be ${what}` });
    else if (current?.is_permanent) issues.push({ path: at, problem: `is a permanent attribute of Looker: it cannot be ${what}` });
    return issues.length === 0;
  };
  if (isDeletion(desired)) {
    if (!current) return { issues };
    return guarded('deleted') ? { change: { attribute: name, action: 'delete', id: current.id, before: propertiesOf(current) }, issues } : { issues };
  }
  const declared = declaredOf(desired);
  if (!current) {
    for (const key of ['type', 'label'] as const)
      if (desired[key] === undefined) issues.push({ path: `${at}.${key}`, problem: `is needed to create the attribute (Looker has none named ${name})` });
    const after: DefinitionProperties = {
      type: null, label: null, defaultValue: null, valueIsHidden: false, userCanView: false, userCanEdit: false, hiddenValueDomainWhitelist: null,
      ...declared,
    };
    return issues.length ? { issues } : { change: { attribute: name, action: 'create', after }, issues };
  }
  const before = propertiesOf(current);
  const changes: PropertyChange[] = Object.entries(declared)
    .filter(([property, after]) => before[property as DefinitionProperty] !== after)
    .map(([property, after]) => ({ property, before: before[property as DefinitionProperty], after }) as PropertyChange);
  if (!changes.length) return { change: { attribute: name, action: 'unchanged', id: current.id }, issues };
  if (!guarded('changed')) return { issues };
  if (before.hiddenValueDomainWhitelist !== null && changes.some((c) => c.property === 'hiddenValueDomainWhitelist'))
    issues.push({ path: `${at}.hiddenValueDomains`, problem: 'cannot be edited once set (Looker keeps the first list for good)' });
  const type = (declared.type ?? before.type) as string | null;
  if (declared.type !== undefined && declared.type !== before.type) {
    const fallback = declared.defaultValue !== undefined ? declared.defaultValue : before.defaultValue;
    const misfits = [...(fallback === null ? [] : [fallback]), ...stored].filter((value) => lookerValueProblem(type, value));
    if (misfits.length)
      issues.push({ path: `${at}.type`, problem: `cannot change from ${before.type} to ${type}: ${misfits.length} value(s) it holds would not fit, e.g. ${JSON.stringify(misfits[0])}` });
  } else if (declared.defaultValue !== undefined && declared.defaultValue !== null) {
    const problem = lookerValueProblem(type, declared.defaultValue);
    if (problem) issues.push({ path: `${at}.default`, problem: `${problem} (type ${type})` });
  }
  return issues.length ? { issues } : { change: { attribute: name, action: 'update', id: current.id, changes }, issues };
}
