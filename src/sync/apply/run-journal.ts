// What a run writes to its journal: an attempt line just before each call, outcome lines for the
// changes that end for good. The first failure to write is kept, and aborts the run.
import type { Journal } from '../model/journal.js';
import type { SyncPlan } from '../model/plan.js';
import type { TaskId } from './plan-work.js';
import type { ChangeEnd } from './run-context.js';

/** The journal of one run (none: nothing is written, and the run cannot resume). */
export class RunJournal {
  /** The first failure of the journal (or of a client, which ends the run the same way). */
  failure: { readonly error: unknown } | undefined;

  constructor(
    private readonly journal: Journal | undefined,
    private readonly plan: SyncPlan,
    private readonly now: () => number,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Notes a failure; the first one is kept. */
  failed(error: unknown): void {
    this.failure ??= { error };
  }

  /** The line saying `attributes` of `task` are about to be written. */
  attempt(task: TaskId, attributes: readonly string[]): Promise<void> {
    const { journal } = this;
    if (!journal) return Promise.resolve();
    const line = { v: 1, plan: this.plan.id, type: 'attempt', service: task.service, email: task.email, attributes, at: this.#at() } as const;
    return this.#guard(() => journal.append([line]));
  }

  /** The lines saying how each final change of `task` ended. */
  async outcomes(task: TaskId, final: readonly (readonly [string, ChangeEnd])[]): Promise<void> {
    const { journal } = this;
    if (!journal || !final.length) return;
    await this.#guard(() => journal.append(final.map(([attribute, end]) => ({
      v: 1, plan: this.plan.id, type: 'outcome', service: task.service, email: task.email, attribute, outcome: end.outcome,
      ...(end.reason && { reason: end.reason }), ...(end.error && { error: end.error }), at: this.#at(),
    }))));
  }

  /** Closes a journal the run opened itself (a file path given); a failure is kept. */
  async close(opened: boolean): Promise<void> {
    try {
      if (opened) await this.journal?.close?.();
    } catch (error) {
      this.failed(error);
    }
  }

  #at(): string {
    return new Date(this.now()).toISOString();
  }

  async #guard(write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.failed(error);
      this.onFailure(error);
      throw error;
    }
  }
}
