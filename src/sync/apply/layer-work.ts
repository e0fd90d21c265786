// What apply has to do in the definitions and group values layers, worked out from the plan and
// the journal before anything is sent: one task per change still to make, its calls, and whether
// it must be read again first (a stale plan, or a change a cut-off run left in doubt).
import { changeKey, type OutcomeLine } from '../model/journal.js';
import { layerKey, layerRemovals, type DefinitionWrite, type GroupValuesChange, type Layer } from '../model/layers.js';
import type { SyncPlan } from '../model/plan.js';

interface LayerTaskBase {
  readonly service: 'looker';
  /** Layer changes carry no email: their journal key is `layerKey(layer, attribute)`. */
  readonly email: '';
  readonly key: string;
  readonly attribute: string;
  /** Attempted by an earlier run with no outcome recorded: its effect is unknown. */
  readonly inDoubt: boolean;
  /** Read what Looker holds first. */
  readonly recheck: boolean;
}

/** One definition or group values change still to make. */
export type LayerTask =
  | (LayerTaskBase & { readonly layer: 'definition'; readonly change: DefinitionWrite })
  | (LayerTaskBase & { readonly layer: 'group_values'; readonly change: GroupValuesChange });

/** The layers' part of apply's work. */
export interface LayerWork {
  /** Definitions first, then group values, each in plan order. */
  readonly tasks: readonly LayerTask[];
  /** Layer changes the plan holds. */
  readonly planned: number;
  /** Requests the tasks make if nothing fails: their writes and the reads of their re-checks. */
  readonly forecast: number;
  /** Removals they make: a deleted definition, each group value removed. */
  readonly removals: number;
}

/** The layer changes of `plan` that write, in the order apply makes them. */
export function layerChanges(plan: SyncPlan): { layer: Layer; attribute: string; change: DefinitionWrite | GroupValuesChange }[] {
  return [
    ...(plan.definitions ?? []).flatMap((change) => (change.action === 'unchanged' ? [] : [{ layer: 'definition' as const, attribute: change.attribute, change }])),
    ...(plan.groupValues ?? []).flatMap((change) => (change.calls.length ? [{ layer: 'group_values' as const, attribute: change.attribute, change }] : [])),
  ];
}

/** The journal key of a layer change. */
export const layerChangeKey = (layer: Layer, attribute: string) => changeKey('looker', '', layerKey(layer, attribute));

/** Splits the plan's layer changes into tasks, leaving out what the journal records as done. */
export function layerWork(plan: SyncPlan, done: ReadonlyMap<string, OutcomeLine>, attempted: ReadonlySet<string>, stale: boolean): LayerWork {
  const changes = layerChanges(plan);
  const tasks: LayerTask[] = [];
  for (const { layer, attribute, change } of changes) {
    const journalKey = layerChangeKey(layer, attribute);
    if (done.has(journalKey)) continue;
    const inDoubt = attempted.has(journalKey);
    const base = { service: 'looker', email: '', key: layerKey(layer, attribute), attribute, inDoubt, recheck: stale || inDoubt } as const;
    tasks.push(layer === 'definition' ? { ...base, layer, change: change as DefinitionWrite } : { ...base, layer, change: change as GroupValuesChange });
  }
  let forecast = 0;
  for (const task of tasks) {
    forecast += task.layer === 'definition' ? 1 : task.change.calls.length;
    // A group values re-check reads that attribute's list again.
    if (task.layer === 'group_values' && task.recheck) forecast++;
  }
  // One read of every definition: for the definitions' re-check, or for the id of an attribute an
  // earlier run created (its group values or its user values need it).
  const created = new Set(tasks.filter((task) => task.layer === 'definition').map((task) => task.attribute));
  const mapped = plan.services.looker.status === 'planned' ? plan.services.looker.attributes.filter((a) => a.created).map((a) => a.name) : [];
  const needsIds = tasks.some((task) => task.layer === 'group_values' && task.change.attributeId === null && !created.has(task.attribute))
    || mapped.some((name) => !created.has(name));
  if (needsIds || tasks.some((task) => task.layer === 'definition' && task.recheck)) forecast++;
  return { tasks, planned: changes.length, forecast, removals: layerRemovals(plan.definitions, plan.groupValues) };
}
