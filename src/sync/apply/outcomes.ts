// The outcomes of one apply as they come: each change's once (from the journal of earlier runs,
// then as it ends), the counts per service, and the progress they make.
import type { Lane } from '../lanes/lane.js';
import type { ApplyOutcome } from '../model/apply-report.js';
import { changeKey } from '../model/journal.js';
import type { SyncService } from '../model/ports.js';
import type { ApplyOptions } from './options.js';
import type { TaskId, Work } from './plan-work.js';
import { outcomeOf } from './report.js';
import type { ChangeEnd } from './run-context.js';

/** How a change ended, as `outcomeOf` takes it. */
type End = Parameters<typeof outcomeOf>[3];

/** Every change's outcome in one run, by change key. */
export class RunOutcomes {
  readonly ended = new Map<string, ApplyOutcome>();
  /** Outcomes taken from the journal of earlier runs. */
  readonly resumed: number;
  readonly #counts = { looker: { done: 0, failed: 0 }, dx: { done: 0, failed: 0 } };
  readonly #startCalls: { readonly looker: number; readonly dx: number };
  readonly #startRetries: { readonly looker: number; readonly dx: number };

  constructor(
    private readonly work: Work,
    private readonly lanes: { readonly looker: Lane; readonly dx: Lane },
    private readonly options: Pick<ApplyOptions, 'onOutcome' | 'onProgress'>,
  ) {
    for (const line of work.done.values()) this.end(line.service, line.email, line.attribute, line);
    this.resumed = this.ended.size;
    for (const line of work.done.values()) this.#count(line.service, line.outcome === 'failed');
    this.#startCalls = { looker: lanes.looker.callsUsed, dx: lanes.dx.callsUsed };
    this.#startRetries = { looker: lanes.looker.retries, dx: lanes.dx.retries };
  }

  /** Records how a change ended, unless it already has an outcome, and tells `onOutcome`. */
  end(service: SyncService, email: string, attribute: string, how: End): void {
    const key = changeKey(service, email, attribute);
    if (this.ended.has(key)) return;
    const outcome = outcomeOf(service, email, attribute, how);
    this.ended.set(key, outcome);
    this.options.onOutcome?.(outcome);
  }

  /** The ends of a task's changes (journaled already when final): recorded, counted, and progress reported. */
  taskEnded(task: TaskId, ends: ReadonlyMap<string, ChangeEnd>): void {
    for (const [attribute, how] of ends) this.end(task.service, task.email, attribute, how);
    const final = [...ends.values()].filter((end) => end.final);
    // Only final ends are done: a change left for a resume is still to do.
    if (!final.length) return;
    for (const how of final) this.#count(task.service, how.outcome === 'failed');
    const lane = this.lanes[task.service];
    const { done, failed } = this.#counts[task.service];
    this.options.onProgress?.({
      service: task.service, done, failed, remaining: this.work.planned[task.service] - done,
      ratePerSecond: lane.ratePerSecond(), callsUsed: lane.callsUsed - this.#startCalls[task.service],
    });
  }

  /** A dry run: every change still to do is skipped as such. */
  dryRun(): void {
    for (const task of this.work.layers) this.end(task.service, task.email, task.key, { outcome: 'skipped', reason: 'dry_run' });
    for (const task of this.work.tasks) for (const change of task.changes) this.end(task.service, task.email, change.attribute, { outcome: 'skipped', reason: 'dry_run' });
  }

  /** Whether a change was left undone: never reached, or stopped or aborted. */
  leftUndone(): boolean {
    const { planned } = this.work;
    return this.ended.size < planned.looker + planned.dx || [...this.ended.values()].some((o) => o.reason === 'stopped' || o.reason === 'aborted');
  }

  /** Calls sent in this run per service, by `lanes` (the run's budgeted views of them). */
  callsUsed(lanes: { readonly looker: Lane; readonly dx: Lane }): { looker: number; dx: number } {
    return { looker: lanes.looker.callsUsed - this.#startCalls.looker, dx: lanes.dx.callsUsed - this.#startCalls.dx };
  }

  /** Tries sent again in this run per service (see `ApplyReport.retries`). */
  retries(lanes: { readonly looker: Lane; readonly dx: Lane }): { looker: number; dx: number } {
    return { looker: lanes.looker.retries - this.#startRetries.looker, dx: lanes.dx.retries - this.#startRetries.dx };
  }

  #count(service: SyncService, failed: boolean): void {
    this.#counts[service].done++;
    if (failed) this.#counts[service].failed++;
  }
}
