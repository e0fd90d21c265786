// One write through the lane of its service, journaled as an attempt once the lane grants it, and
// how it ended.
import type { PlainResult, Result } from '../../core/result.js';
import type { PortCallOptions, PortError } from '../model/ports.js';
import type { TaskId } from './plan-work.js';
import { notFinal, plainOf, type ChangeEnd, type RunContext } from './run-context.js';

/**
 * Sends one write through the lane of its service, which counts each request against the budget.
 * The attempt line is journaled once the lane grants the call, just before it is sent: a call the
 * stop (or the budget) holds back leaves no line, so a resume has nothing in doubt to re-check.
 */
export async function send(
  context: RunContext,
  task: TaskId,
  attributes: readonly string[],
  call: (options: PortCallOptions) => Promise<Result<unknown, PortError>>,
) {
  let journaled = false;
  return context.lanes[task.service].run(async (options) => {
    if (!journaled) {
      journaled = true;
      await context.attempt(task, attributes);
    }
    return call(options);
  }, context.signal, context.gate);
}

/** The end of a write, from its result. */
export function endOf(result: PlainResult<unknown, PortError>, context: RunContext): ChangeEnd {
  if (result.ok) return { outcome: 'applied', final: true };
  if (result.error.kind === 'budget_exhausted') return notFinal('budget_exhausted');
  // Aborted: the write may or may not have happened; the attempt line makes a resume re-check it.
  if (result.error.kind === 'aborted' || context.signal.aborted) return notFinal('aborted');
  // Held back by the stop before it was sent: nothing happened, nothing is journaled.
  if (result.error.kind === 'stopped') return notFinal('stopped');
  return { outcome: 'failed', error: plainOf(result.error), final: true };
}
