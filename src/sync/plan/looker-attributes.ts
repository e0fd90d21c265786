// The Looker attributes the mapping names, found by name once per plan: one that does not exist,
// or hides its values, refuses the plan before any record is read.
import { failure, type PlainResult } from '../../core/result.js';
import { plainError, type SyncError } from '../model/errors.js';
import type { SyncLooker, SyncLookerAttribute } from '../model/ports.js';
import type { Lane } from '../lanes/lane.js';

/**
 * Looker attributes by name. A name that does not exist is an `unknown_attribute` error; an
 * attribute that hides its values a `hidden_attribute` error; an attribute Looker lists with a null
 * name matches no name.
 */
export async function loadLookerAttributes(
  lane: Lane,
  looker: SyncLooker,
  names: readonly string[],
  signal?: AbortSignal,
): Promise<PlainResult<Map<string, SyncLookerAttribute>, SyncError>> {
  const fields = ['id', 'name', 'label', 'type', 'default_value', 'value_is_hidden', 'user_can_view', 'user_can_edit'];
  const listed = await lane.run((options) => looker.allUserAttributes({ fields }, options), signal);
  if (!listed.ok) return failure(plainError(listed.error, 'looker'));
  const byName = new Map<string, SyncLookerAttribute>();
  for (const attribute of listed.data) if (typeof attribute.name === 'string') byName.set(attribute.name, attribute);
  const unknown = names.filter((name) => !byName.has(name));
  if (unknown.length) {
    const message = `Looker has no user attribute named ${unknown.join(', ')} (declare it under looker.attributes, with its type and label, to create it)`;
    return failure({ kind: 'unknown_attribute', message, service: 'looker', names: unknown });
  }
  const hidden = names.filter((name) => byName.get(name)?.value_is_hidden === true);
  if (hidden.length) {
    const [one, them] = hidden.length === 1 ? [`attribute ${hidden[0]} hides its`, 'it'] : [`attributes ${hidden.join(', ')} hide their`, 'them'];
    const message = `the Looker ${one} values: they cannot be read, so the sync cannot compare them, and it never carries hidden values `
      + `in a plan. Remove ${them} from the mapping (write a one-off value with the Looker client's setUserAttributeUserValue)`;
    return failure({ kind: 'hidden_attribute', message, service: 'looker', names: hidden });
  }
  return { ok: true, data: new Map(names.map((name) => [name, byName.get(name) as SyncLookerAttribute])) };
}
