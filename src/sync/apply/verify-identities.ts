// The read-back of the Looker ids apply writes to, before any write: a value meant for one email
// never lands on another's account, nor on an account that is gone.
import { IDENTITY_BATCH, identityOf, readLookerEmails } from '../reads/looker-ids.js';
import type { SyncLooker } from '../model/ports.js';
import type { Task } from './plan-work.js';
import { endAll, readFailed, type RunContext } from './run-context.js';

/**
 * Reads back the Looker ids of `tasks`, a batch at a time, before anything is written: a task whose
 * id now has another email, or no user, ends as a conflict (never written). Resolves to the others.
 * Once the run stops, the tasks not yet read are left unreached, as the report then says; once the
 * budget is used up, they are skipped as `budget_exhausted`, for a resume.
 */
export async function verifyIdentities(context: RunContext, tasks: readonly Task[]): Promise<Task[]> {
  const verified: Task[] = [];
  for (let start = 0; start < tasks.length && !context.gate.aborted; start += IDENTITY_BATCH) {
    const batch = tasks.slice(start, start + IDENTITY_BATCH);
    const ids = batch.map((task) => task.userId as string);
    const read = await readLookerEmails(context.lanes.looker, context.looker as SyncLooker, ids, context.signal, context.gate);
    if (!read.ok) {
      const end = readFailed(context, read.error);
      if (end.reason === 'budget_exhausted') for (const task of tasks.slice(start)) await context.end(task, endAll(task.changes, end));
      if (!end.final) break;
      for (const task of batch) await context.end(task, endAll(task.changes, end));
      continue;
    }
    for (const task of batch) {
      const identity = identityOf(read.data, task.userId as string, task.email);
      if (identity === 'same') verified.push(task);
      else await context.end(task, endAll(task.changes, { outcome: 'conflict', reason: identity, final: true }));
    }
  }
  return verified;
}
