// Carrying out the definitions and group values layers, before any user value: each change
// re-checked where needed, written through Looker's lane call by call, journaled like a user
// value. What did not go through blocks the later layers of its attribute.
import type { OutcomeLine } from '../model/journal.js';
import type { PortCallOptions } from '../model/ports.js';
import { DEFINITION_FIELDS, layerPort, type LookerDefinition, type SyncLookerLayers } from '../model/layer-ports.js';
import { splitLayerKey, type DefinitionWrite, type GroupValueCall, type GroupValuesChange } from '../model/layers.js';
import { definitionVerdict, groupValuesVerdict } from './layer-verdicts.js';
import type { LayerTask } from './layer-work.js';
import type { Verdict } from './plan-work.js';
import { readFailed, unreached, type ChangeEnd, type RunContext } from './run-context.js';
import { endOf, send } from './send.js';
import { heldGroupValues, readGroupValues } from '../reads/group-values.js';

/** Why the later layers of an attribute are not made, by attribute. */
export type Blocked = ReadonlyMap<string, ChangeEnd>;

/** The end of a later layer's change when an earlier one did not go through: skipped for good, or left for a resume as it was. */
const blockedBy = (end: ChangeEnd): ChangeEnd => (end.final ? { outcome: 'skipped', reason: 'layer_not_applied', final: true } : end);

const wentThrough = (outcome: string, reason?: string) => outcome === 'applied' || (outcome === 'skipped' && reason === 'already_in_state');

/** The end of a verdict that writes nothing: done before (by the run that left it in doubt, or by someone else), or a conflict. */
const settledEnd = (verdict: Exclude<Verdict, 'write'>, inDoubt: boolean): ChangeEnd =>
  verdict === 'conflict'
    ? { outcome: 'conflict', reason: 'changed_since_plan', final: true }
    : inDoubt ? { outcome: 'applied', final: true } : { outcome: 'skipped', reason: 'already_in_state', final: true };

/** The run's layers: the Looker client, the ids known so far, one read of every definition at most. */
class LayerRun {
  readonly ids = new Map<string, string>();
  readonly blocked = new Map<string, ChangeEnd>();
  #definitions: ReturnType<LayerRun['readDefinitions']> | undefined;

  constructor(
    readonly context: RunContext,
    readonly looker: SyncLookerLayers,
  ) {}

  /** Every definition Looker lists, read once per run (a failure is read again next time). */
  definitions() {
    this.#definitions ??= this.readDefinitions().then((read) => {
      if (!read.ok) this.#definitions = undefined;
      return read;
    });
    return this.#definitions;
  }

  private async readDefinitions() {
    const { lanes, signal, gate } = this.context;
    const read = await lanes.looker.run((options) => this.looker.allUserAttributes({ fields: DEFINITION_FIELDS }, options), signal, gate);
    return read.ok ? { ...read, data: read.data as LookerDefinition[] } : read;
  }

  /** Journals and counts how `task` ended, and blocks its attribute's later layers unless it went through. */
  async end(task: LayerTask, end: ChangeEnd): Promise<void> {
    if (!wentThrough(end.outcome, end.reason)) this.blocked.set(task.attribute, blockedBy(end));
    await this.context.end(task, new Map([[task.key, end]]));
  }
}

async function runDefinition(run: LayerRun, task: LayerTask & { change: DefinitionWrite }): Promise<void> {
  const { context, looker } = run;
  const { change } = task;
  if (task.recheck) {
    const read = await run.definitions();
    if (!read.ok) return run.end(task, readFailed(context, read.error));
    const current = read.data.find((definition) => (change.action === 'create' ? definition.name === change.attribute : definition.id === change.id));
    const verdict = definitionVerdict(change, current);
    if (current && change.action === 'create') run.ids.set(change.attribute, current.id);
    if (verdict !== 'write') return run.end(task, settledEnd(verdict, task.inDoubt));
  }
  if (context.gate.aborted) return run.end(task, unreached(context));
  const result = await send(context, task, [task.key], (options) => {
    if (change.action === 'delete') return looker.deleteUserAttribute({ userAttributeId: change.id }, options);
    if (change.action === 'update') {
      const properties = Object.fromEntries(change.changes.map(({ property, after }) => [property, after]));
      return looker.updateUserAttribute({ userAttributeId: change.id, ...properties }, options);
    }
    const { type, label, defaultValue, valueIsHidden, userCanView, userCanEdit, hiddenValueDomainWhitelist } = change.after;
    return looker.createUserAttribute({
      name: change.attribute, label: label as string, type: type as string, valueIsHidden, userCanView, userCanEdit,
      ...(defaultValue !== null && { defaultValue }),
      ...(hiddenValueDomainWhitelist !== null && { hiddenValueDomainWhitelist }),
    }, options);
  });
  if (result.ok && change.action === 'create') {
    const id = (result.data as { id?: unknown } | null)?.id;
    if (id !== undefined && id !== null) run.ids.set(change.attribute, String(id));
  }
  await run.end(task, endOf(result, context));
}

/** The id of the attribute whose group values change: planned, made by this run, or (made by an earlier one) read by name. */
async function attributeIdOf(run: LayerRun, change: GroupValuesChange) {
  const known = change.attributeId ?? run.ids.get(change.attribute);
  if (known !== undefined) return { ok: true as const, data: known as string | undefined };
  const read = await run.definitions();
  return read.ok ? { ok: true as const, data: read.data.find((definition) => definition.name === change.attribute)?.id } : read;
}

/** The group values Looker holds now, in precedence order, named as the plan names them. */
async function currentGroupValues(run: LayerRun, change: GroupValuesChange, userAttributeId: string) {
  const { context, looker } = run;
  const names = new Map([...change.before, ...change.after].map((item) => [item.groupId, item.group]));
  const read = await readGroupValues(context.lanes.looker, looker, userAttributeId, context.signal, context.gate);
  return read.ok ? { ok: true as const, data: heldGroupValues(read.data, (groupId) => names.get(groupId)) } : read;
}

/** One group value call. */
function groupValueCall(looker: SyncLookerLayers, userAttributeId: string, call: GroupValueCall) {
  return (options: PortCallOptions) => {
    if (call.call === 'update') return looker.updateUserAttributeGroupValue({ groupId: call.groupId, userAttributeId, value: call.after }, options);
    if (call.call === 'delete') return looker.deleteUserAttributeGroupValue({ groupId: call.groupId, userAttributeId }, options);
    const ranked = call.values.every((item) => item.rank !== null);
    const groupValues = call.values.map((item) => ({ groupId: item.groupId, value: item.value, ...(ranked && { rank: item.rank as number }) }));
    return looker.setUserAttributeGroupValues({ userAttributeId, groupValues }, options);
  };
}

async function runGroupValues(run: LayerRun, task: LayerTask & { change: GroupValuesChange }): Promise<void> {
  const { context, looker } = run;
  const { change } = task;
  const earlier = run.blocked.get(task.attribute);
  if (earlier) return run.end(task, blockedBy(earlier));
  const id = await attributeIdOf(run, change);
  if (!id.ok) return run.end(task, readFailed(context, id.error));
  if (id.data === undefined) {
    const message = `Looker has no attribute named ${change.attribute}: its group values cannot be set`;
    return run.end(task, { outcome: 'failed', error: { kind: 'not_found', message }, final: true });
  }
  const userAttributeId = id.data;
  let calls = change.calls;
  if (task.recheck) {
    const current = await currentGroupValues(run, change, userAttributeId);
    if (!current.ok) return run.end(task, readFailed(context, current.error));
    const found = groupValuesVerdict(change, current.data, task.inDoubt);
    if (found.verdict !== 'write') return run.end(task, settledEnd(found.verdict, task.inDoubt));
    calls = found.calls;
  }
  // Call by call: one that fails ends the change (a resume re-reads what the earlier ones did).
  for (const call of calls) {
    if (context.gate.aborted) return run.end(task, unreached(context));
    const result = await send(context, task, [task.key], groupValueCall(looker, userAttributeId, call));
    if (!result.ok) return run.end(task, endOf(result, context));
  }
  await run.end(task, { outcome: 'applied', final: true });
}

/** The id of each attribute in `names` (created by the plan's definitions), or the end of its user values when it has none. */
async function createdIds(run: LayerRun, names: readonly string[]): Promise<void> {
  for (const name of names) {
    if (run.ids.has(name) || run.blocked.has(name)) continue;
    const read = await run.definitions();
    const id = read.ok ? read.data.find((definition) => definition.name === name)?.id : undefined;
    if (id !== undefined) run.ids.set(name, id);
    else if (!read.ok) run.blocked.set(name, readFailed(run.context, read.error));
    else run.blocked.set(name, { outcome: 'failed', error: { kind: 'not_found', message: `Looker has no attribute named ${name}: it was not created` }, final: true });
  }
}

/** What the user values need of the layers once they have run. */
export interface LayersDone {
  /** The attributes whose user values must not be written, with their end. */
  readonly blocked: Blocked;
  /** The ids of the attributes the plan created, by name. */
  readonly ids: ReadonlyMap<string, string>;
}

/**
 * Runs the layer tasks, definitions first, then group values, one change at a time. Resolves to
 * the attributes whose user values must not be written, with their end (a layer of theirs failed
 * or was a conflict, in this run or in an earlier one as `done` records, or was left for a resume),
 * and the ids of `created`, the mapped attributes the plan's definitions create.
 */
export async function runLayers(
  context: RunContext,
  tasks: readonly LayerTask[],
  done: ReadonlyMap<string, OutcomeLine>,
  created: readonly string[],
): Promise<LayersDone> {
  // The rails checked that a plan with layer changes has a client with the layers' methods.
  const run = new LayerRun(context, (context.looker && layerPort(context.looker)) as SyncLookerLayers);
  for (const line of done.values()) {
    const layered = line.email === '' ? splitLayerKey(line.attribute) : undefined;
    if (layered && !wentThrough(line.outcome, line.reason)) run.blocked.set(layered.attribute, blockedBy({ outcome: line.outcome, final: true }));
  }
  for (const task of tasks) {
    if (task.layer === 'definition') await runDefinition(run, task);
    else await runGroupValues(run, task);
  }
  if (created.length && !context.gate.aborted) await createdIds(run, created);
  return { blocked: run.blocked, ids: run.ids };
}
