// Carrying out apply's tasks: re-check where needed, write through the service's lane, and
// journal an attempt before each call and an outcome after it.
import type { PlainResult } from '../../core/result.js';
import type { PlannedLookerAttribute } from '../model/plan.js';
import type { PortError, SyncDx, SyncLooker } from '../model/ports.js';
import { loadDxUsers, type DxDirectory } from '../reads/dx-listing.js';
import { readLookerValues } from '../reads/looker-values.js';
import { runEach } from '../lanes/pool.js';
import { verdict, type Task, type Work, type WriteChange } from './plan-work.js';
import { runLayers, type Blocked } from './run-layers.js';
import { endAll, plainOf, readFailed, unreached, type ChangeEnd, type RunContext } from './run-context.js';
import { endOf, send } from './send.js';
import { verifyIdentities } from './verify-identities.js';

/**
 * The end of a DX write DX refused because no user has that email: its own reason, `no_dx_user`,
 * failed or (when the caller allows missing users) skipped. Any other result is `endOf`'s.
 */
function dxEndOf(result: PlainResult<unknown, PortError>, context: RunContext): ChangeEnd {
  if (result.ok || result.error.code !== 'user_not_found') return endOf(result, context);
  const error = plainOf(result.error);
  return { outcome: context.allowMissingDxUsers ? 'skipped' : 'failed', reason: 'no_dx_user', error, final: true };
}

/** Decides each change of a task after a re-check: write, already done, or conflict. */
function sortOut(
  task: Task,
  own: (attribute: string) => { value: string | null } | undefined,
  hidden: (attribute: string) => boolean,
  ends: Map<string, ChangeEnd>,
): WriteChange[] {
  const toWrite: WriteChange[] = [];
  for (const change of task.changes) {
    const found = verdict(change, own(change.attribute), hidden(change.attribute));
    if (found === 'write') toWrite.push(change);
    // Done by the run that left it in doubt, or by someone else since the plan was made.
    else if (found === 'already')
      ends.set(change.attribute, task.inDoubt.has(change.attribute) ? { outcome: 'applied', final: true } : { outcome: 'skipped', reason: 'already_in_state', final: true });
    else ends.set(change.attribute, { outcome: 'conflict', reason: 'changed_since_plan', final: true });
  }
  return toWrite;
}

async function runLookerTask(context: RunContext, task: Task, attributes: ReadonlyMap<string, PlannedLookerAttribute>): Promise<void> {
  const looker = context.looker as SyncLooker;
  const userId = task.userId as string;
  const ends = new Map<string, ChangeEnd>();
  let toWrite = [...task.changes];
  if (task.recheck) {
    const refs = task.changes.map((change) => ({ ...(attributes.get(change.attribute) as PlannedLookerAttribute), hidden: false }));
    const current = await readLookerValues(context.lanes.looker, looker, userId, refs, context.signal, context.gate);
    if (!current.ok) return context.end(task, endAll(task.changes, readFailed(context, current.error)));
    toWrite = sortOut(task, (name) => current.data.get(name)?.own, (name) => current.data.get(name)?.hidden ?? false, ends);
  }
  if (ends.size) await context.end(task, ends);
  for (const change of toWrite) {
    if (context.gate.aborted) {
      await context.end(task, endAll([change], unreached(context)));
      continue;
    }
    const userAttributeId = (attributes.get(change.attribute) as PlannedLookerAttribute).id;
    const result = await send(context, task, [change.attribute], (options) =>
      change.action === 'set'
        ? looker.setUserAttributeUserValue({ userId, userAttributeId, value: change.after }, options)
        : looker.deleteUserAttributeUserValue({ userId, userAttributeId }, options),
    );
    await context.end(task, endAll([change], endOf(result, context)));
  }
}

/** DX's reply to a partial failure holds the user as it now is: what landed there was applied. */
function partialEnds(changes: readonly WriteChange[], error: PortError): Map<string, ChangeEnd> {
  const now = (error as { user?: { attributes?: { name?: unknown; value?: unknown }[] } }).user?.attributes ?? [];
  const values = new Map(now.map(({ name, value }) => [String(name).toLowerCase(), value]));
  return new Map(
    changes.map((change) => {
      const value = values.get(change.attribute.toLowerCase());
      const landed = change.action === 'set' ? value === change.after : value === undefined || value === null;
      return [change.attribute, landed ? { outcome: 'applied', final: true } : { outcome: 'failed', error: plainOf(error), final: true }];
    }),
  );
}

async function runDxTask(context: RunContext, task: Task, directory: DxDirectory | undefined): Promise<void> {
  const ends = new Map<string, ChangeEnd>();
  let toWrite = [...task.changes];
  if (task.recheck && directory) {
    const entry = directory.byEmail.get(task.email);
    const own = (name: string) => {
      const value = entry?.[name.toLowerCase()];
      return value === undefined ? undefined : { value };
    };
    toWrite = sortOut(task, own, () => false, ends);
  }
  if (ends.size) await context.end(task, ends);
  if (!toWrite.length) return;
  if (context.gate.aborted) return context.end(task, endAll(toWrite, unreached(context)));
  const names = toWrite.map((change) => change.attribute);
  const attributes = toWrite.map((change) => ({ name: change.attribute, value: change.action === 'set' ? change.after : null }));
  const dx = context.dx as SyncDx;
  const result = await send(context, task, names, (options) => dx.updateUserAttributes({ email: task.email, attributes }, options));
  if (!result.ok && result.error.kind === 'partial_failure') return context.end(task, partialEnds(toWrite, result.error));
  await context.end(task, endAll(toWrite, dxEndOf(result, context)));
}

/**
 * The Looker tasks left once the layers have run: a change whose attribute's definition or group
 * values did not go through ends as `blocked` says, unwritten.
 */
async function unblocked(context: RunContext, tasks: readonly Task[], blocked: Blocked): Promise<Task[]> {
  if (!blocked.size) return [...tasks];
  const open: Task[] = [];
  for (const task of tasks) {
    const held = task.changes.filter((change) => blocked.has(change.attribute));
    if (held.length) await context.end(task, new Map(held.map((change) => [change.attribute, blocked.get(change.attribute) as ChangeEnd])));
    const changes = task.changes.filter((change) => !blocked.has(change.attribute));
    if (changes.length) open.push({ ...task, changes });
  }
  return open;
}

/**
 * Runs the work, both services at once; in Looker, the definitions and group values before the
 * user values. Rejects only when the journal (or a port) throws.
 */
export async function runTasks(context: RunContext, work: Pick<Work, 'layers' | 'tasks' | 'done'>): Promise<void> {
  const { plan } = context;
  const { tasks } = work;
  const attributes = new Map(plan.services.looker.status === 'planned' ? plan.services.looker.attributes.map((a) => [a.name, a]) : []);
  const lookerTasks = tasks.filter((task) => task.service === 'looker');
  const dxTasks = tasks.filter((task) => task.service === 'dx');
  const dxLane = async () => {
    let directory: DxDirectory | undefined;
    if (dxTasks.some((task) => task.recheck)) {
      const names = plan.services.dx.status === 'planned' ? plan.services.dx.attributes : [];
      const listed = await loadDxUsers(context.lanes.dx, context.dx as SyncDx, names, context.signal, context.gate);
      if (!listed.ok) {
        const end = readFailed(context, { kind: listed.error.kind, message: listed.error.message });
        for (const task of dxTasks.filter((t) => t.recheck)) await context.end(task, endAll(task.changes, end));
        return runEach(dxTasks.filter((t) => !t.recheck), context.concurrency.dx, context.gate, (task) => runDxTask(context, task, undefined));
      }
      directory = listed.data;
    }
    await runEach(dxTasks, context.concurrency.dx, context.gate, (task) => runDxTask(context, task, directory));
  };
  // Settled, not all: when one lane fails the other must wind down before apply returns.
  const lookerLane = async () => {
    const created = [...attributes.values()].filter((a) => a.created).map((a) => a.name);
    const layers = await runLayers(context, work.layers, work.done, lookerTasks.length ? created : []);
    // An attribute the plan created is written to by the id its creation gave.
    for (const [name, id] of layers.ids) {
      const attribute = attributes.get(name);
      if (attribute?.created) attributes.set(name, { ...attribute, id });
    }
    const verified = await verifyIdentities(context, await unblocked(context, lookerTasks, layers.blocked));
    await runEach(verified, context.concurrency.looker, context.gate, (task) => runLookerTask(context, task, attributes));
  };
  const lanes = await Promise.allSettled([lookerLane(), dxLane()]);
  for (const lane of lanes) if (lane.status === 'rejected') throw lane.reason;
}
