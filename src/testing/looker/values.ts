import { FakeRequestError, type FieldProblem } from '../fake-error.js';
import type { FakeUserAttribute } from './types.js';

/** A checked item of a complete group value list. */
export interface GroupValueItem {
  readonly groupId: string;
  readonly value: string;
  readonly rank: number | undefined;
}

/** Why `value` cannot be stored for the attribute, or undefined when it can. */
export function valueProblem(attribute: FakeUserAttribute, value: unknown, field: string): FieldProblem | undefined {
  if (value === undefined) return { field, code: 'missing', message: 'This field is required.' };
  if (typeof value !== 'string') return { field, code: 'invalid', message: 'must be a string' };
  switch (attribute.type) {
    case 'number':
      if (value.trim() === '' || !Number.isFinite(Number(value)))
        return { field, code: 'invalid', message: `is not a number: ${JSON.stringify(value)}` };
      break;
    case 'yesno':
      if (value !== 'yes' && value !== 'no') return { field, code: 'invalid', message: 'must be "yes" or "no"' };
      break;
    case 'datetime':
      if (!Number.isFinite(Date.parse(value)))
        return { field, code: 'invalid', message: `is not a date and time: ${JSON.stringify(value)}` };
      break;
    default:
      break;
  }
  return undefined;
}

/** Throws the 422 for a value the attribute cannot hold. */
export function checkValue(attribute: FakeUserAttribute, value: unknown, field = 'value'): asserts value is string {
  const problem = valueProblem(attribute, value, field);
  if (problem) throw new FakeRequestError('validation', 'Validation Failed', [problem]);
}

/**
 * Checks the shape of a complete group value list (wire field names, e.g. `[2].rank`) and throws
 * one 422 listing every problem: items that are not objects, missing or invalid `group_id` and
 * `value`, non-integer ranks, ranks on some items but not all, and repeated ranks. Duplicate and
 * unknown groups are the caller's (409 and 404).
 */
export function readGroupValueList(attribute: FakeUserAttribute, list: unknown): GroupValueItem[] {
  if (!Array.isArray(list)) {
    throw new FakeRequestError('validation', 'Validation Failed', [
      { field: 'body', code: 'invalid', message: 'must be an array of group values' },
    ]);
  }
  const problems: FieldProblem[] = [];
  const items: GroupValueItem[] = [];
  const firstIndexOfRank = new Map<number, number>();
  list.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ field: `[${i}]`, code: 'invalid', message: 'must be an object' });
      return;
    }
    const { group_id: groupId, value, rank } = item as Record<string, unknown>;
    if (groupId === undefined) problems.push({ field: `[${i}].group_id`, code: 'missing', message: 'This field is required.' });
    else if (typeof groupId !== 'string' || groupId === '')
      problems.push({ field: `[${i}].group_id`, code: 'invalid', message: 'must be a non-empty string' });
    const valueIssue = valueProblem(attribute, value, `[${i}].value`);
    if (valueIssue) problems.push(valueIssue);
    if (rank !== undefined && rank !== null) {
      if (typeof rank !== 'number' || !Number.isSafeInteger(rank))
        problems.push({ field: `[${i}].rank`, code: 'invalid', message: 'must be an integer' });
      else if (firstIndexOfRank.has(rank))
        problems.push({ field: `[${i}].rank`, code: 'invalid', message: `repeats the rank of [${firstIndexOfRank.get(rank)}]` });
      else firstIndexOfRank.set(rank, i);
    }
    items.push({
      groupId: groupId as string,
      value: value as string,
      rank: rank === null ? undefined : (rank as number | undefined),
    });
  });
  const ranked = items.filter((item) => item.rank !== undefined).length;
  if (ranked > 0 && ranked < items.length) {
    items.forEach((item, i) => {
      if (item.rank === undefined) {
        problems.push({ field: `[${i}].rank`, code: 'missing', message: 'is required when any group value has a rank' });
      }
    });
  }
  if (problems.length > 0) throw new FakeRequestError('validation', 'Validation Failed', problems);
  return items;
}
