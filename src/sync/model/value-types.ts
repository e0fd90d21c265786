// Whether a value fits a Looker attribute's type, checked before anything is planned so that a
// value Looker would refuse becomes a per-record problem instead of a failed request.
import type { LookerAttributeType } from './ports.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// A date, optionally with a time and an offset: 2026-11-22, 2026-11-22 08:30, 2026-11-22T08:30:00.5Z.
const DATETIME = /^(\d{4})-(\d\d)-(\d\d)([T ](\d\d):(\d\d)(:(\d\d)(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/;
const ZIPCODE = /^\d{5}(-\d{4})?$/;
const CONTROL = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f]/;

function datetimeProblem(value: string): string | undefined {
  const parts = DATETIME.exec(value);
  if (!parts) return 'is not a date and time (YYYY-MM-DD, optionally with HH:MM[:SS] and an offset)';
  const [year, month, day, hour = 0, minute = 0, second = 0] = [1, 2, 3, 5, 6, 8].map((i) => (parts[i] === undefined ? undefined : +parts[i]));
  const date = new Date(Date.UTC(year as number, (month as number) - 1, day as number));
  const realDay = date.getUTCFullYear() === year && date.getUTCMonth() === (month as number) - 1 && date.getUTCDate() === day;
  if (!realDay || hour > 23 || minute > 59 || second > 59) return 'is not a real date and time';
  return undefined;
}

/**
 * Why `value` cannot be stored in an attribute of `type`, or undefined when it can. Types this
 * library does not know take any text, as Looker's string type does, and so does an attribute
 * whose type Looker does not give (null): Looker alone checks its values.
 */
export function lookerValueProblem(type: LookerAttributeType | null, value: string): string | undefined {
  if (CONTROL.test(value)) return 'contains control characters';
  switch (type) {
    case 'number':
      return NUMBER.test(value) && Number.isFinite(Number(value)) ? undefined : 'is not a number';
    case 'yesno':
      return value === 'yes' || value === 'no' ? undefined : 'must be "yes" or "no"';
    case 'datetime':
      return datetimeProblem(value);
    case 'zipcode':
      return ZIPCODE.test(value) ? undefined : 'is not a ZIP code (five digits, optionally a dash and four more)';
    case 'advanced_filter_string':
    case 'advanced_filter_number':
    case 'advanced_filter_datetime':
      // Filter expressions are Looker's own language: it checks them; any non-empty text is sent.
      return value.trim() ? undefined : 'is an empty filter expression';
    default:
      return undefined;
  }
}
